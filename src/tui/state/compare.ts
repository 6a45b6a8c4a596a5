/**
 * Orders names by code unit, as Kafka tools list them. localeCompare would
 * consult ICU collation on every comparison, which shows up in a monitor
 * that sorts hundreds of rows every second.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
