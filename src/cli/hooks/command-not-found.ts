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

/** The closest command names (ties included, at most three), or none if nothing is close. */
export function suggestCommands(typed: string, commandIds: string[], separator = ' '): string[] {
  const scored = commandIds
    .map((c) => c.replaceAll(':', separator))
    .map((c) => ({ c, d: editDistance(typed, c) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 4)));
  const best = Math.min(...scored.map((s) => s.d));
  return scored
    .filter((s) => s.d === best)
    .map((s) => s.c)
    .sort()
    .slice(0, 3);
}

/**
 * With spaces between topics and commands, oclif cannot tell where the
 * command ends and its arguments begin: `kgo prodcue t` arrives as
 * "prodcue:t". Try the longest prefix that resembles a command.
 */
export function diagnose(id: string, commandIds: string[], separator = ' '): { typed: string; suggestions: string[] } {
  const words = id.split(':');
  for (let n = words.length; n >= 1; n--) {
    const typed = words.slice(0, n).join(separator);
    const suggestions = suggestCommands(typed, commandIds, separator);
    if (suggestions.length > 0) return { typed, suggestions };
  }
  return { typed: words[0]!, suggestions: [] };
}

const hook: Hook<'command_not_found'> = async function ({ id, config }) {
  const { typed, suggestions } = diagnose(id, config.commandIDs, config.topicSeparator ?? ' ');
  const hint = suggestions.length ? `Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : 'Run `kgo --help` to see the commands.';
  throw new Errors.CLIError(`"${typed}" is not a kgo command. ${hint}`, { exit: 2 });
};

export default hook;
