/**
 * One line of text whose content changes from frame to frame, drawn without
 * Ink measuring it. Ink 6 measures every text node by its content and keeps
 * each measurement in a module-level cache that is never emptied
 * (vadimdemedes/ink#986), so a screen whose figures change every second grew
 * by about 5 KB per frame, for as long as `kgo top` ran; and measuring lines
 * with sparkline characters took string-width's slow path on every frame.
 *
 * Here Ink lays out a run of spaces as wide as the line (the same string for
 * every frame, measured once), and a Transform swaps in the text when the
 * frame is written. `text` must be exactly `width` columns wide (callers pad
 * with `fit`) and may carry color codes.
 */
import chalk from 'chalk';
import { Transform } from 'ink';

const blanks = new Map<number, string>();

function blank(width: number): string {
  let s = blanks.get(width);
  if (s === undefined) {
    s = ' '.repeat(width);
    blanks.set(width, s);
  }
  return s;
}

export function FixedLine({ text, width }: { text: string; width: number }) {
  if (width <= 0) return null;
  return <Transform transform={() => text}>{blank(width)}</Transform>;
}

/** `text` in a chalk foreground color by name; left plain for a name chalk does not know. */
export function paint(color: string, text: string): string {
  const style = (chalk as unknown as Record<string, unknown>)[color];
  return typeof style === 'function' ? (style as (t: string) => string)(text) : text;
}
