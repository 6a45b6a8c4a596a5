/**
 * `kgo prodcue` → "did you mean produce?". oclif 4's core only says the
 * command was not found; this hook adds the nearest command names.
 */
import { Errors, type Hook } from '@oclif/core';

/** Edit distance between two short strings (command ids). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

export function suggestCommands(id: string, commandIds: string[], separator = ' '): string[] {
  const typed = id.replaceAll(':', separator);
  return commandIds
    .map((c) => c.replaceAll(':', separator))
    .map((c) => ({ c, d: editDistance(typed, c) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 3)))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, 3)
    .map(({ c }) => c);
}

const hook: Hook<'command_not_found'> = async function ({ id, config }) {
  const separator = config.topicSeparator ?? ' ';
  const suggestions = suggestCommands(id, config.commandIDs, separator);
  const typed = id.replaceAll(':', separator);
  const hint = suggestions.length ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : 'Run `kgo --help` to see the commands.';
  throw new Errors.CLIError(`"${typed}" is not a kgo command. ${hint}`, { exit: 2 });
};

export default hook;
