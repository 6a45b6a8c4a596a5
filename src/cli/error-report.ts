/**
 * How an error reaching the top of a command is shown: its exit status (0 ok,
 * 1 runtime error, 2 usage error) and the lines printed, without a stack trace
 * for anything the user can fix. Kept apart from the oclif base command so
 * `kgo serve`'s start path (bin/run.js, which does not load oclif) reports
 * errors the same way.
 */
import { UserError } from '../common/index.js';

export interface ErrorReport {
  message: string;
  hint?: string;
  code: string;
  exitCode: number;
}

export function isBrokenPipe(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/** Exit status and printable fields for any error reaching a command's top. */
export function errorReport(err: Error & { code?: unknown; oclif?: { exit?: number } }): ErrorReport {
  if (err instanceof UserError) {
    return { message: tidyParseMessage(err.message), hint: err.hint, code: err.code, exitCode: err.exitCode };
  }
  if (isParseError(err)) {
    const message = tidyParseMessage(err.message);
    return { message, hint: 'See more help with --help.', code: 'USAGE_ERROR', exitCode: 2 };
  }
  if (typeof err.oclif?.exit === 'number') {
    return { message: err.message, code: 'CLI_ERROR', exitCode: err.oclif.exit };
  }
  return { message: err.message || String(err), code: 'INTERNAL', exitCode: 1 };
}

/** oclif's own flag and argument errors (unknown flag, bad option, failed parse function). */
function isParseError(err: Error & { parse?: unknown }): boolean {
  if (err.message?.endsWith('See more help with --help')) return true;
  return err.parse !== undefined || /ParseError|FlagValidation|InvalidOption|NonExistentFlags|RequiredArgs|UnexpectedArgs/.test(err.constructor?.name ?? '');
}

/** oclif wraps flag parse failures as "Parsing --x \n\t<reason>\nSee more help with --help". */
function tidyParseMessage(message: string): string {
  return message
    .replace(/\nSee more help with --help$/, '')
    .replace(/^Parsing (--[\w-]+) \n\t/, '$1: ');
}

export function formatErrorReport(report: ErrorReport): string {
  let text = `Error: ${report.message}\n`;
  if (report.hint) text += `Hint: ${report.hint}\n`;
  return text;
}
