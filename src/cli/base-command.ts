/**
 * Every kgo command extends KgoCommand. It owns what users rely on across
 * commands: `--json` (the value `run()` returns is the JSON output), the
 * mapping from errors to exit statuses (0 ok, 1 runtime error, 2 usage error),
 * user errors printed without stack traces, and a quiet exit when stdout's
 * reader goes away (`kgo consume t | head`).
 *
 * It never calls process.exit: it sets process.exitCode and lets the event
 * loop drain, so buffered output is flushed and clients disconnect cleanly.
 */
import { Command, Flags } from '@oclif/core';
import { UserError } from '../common/index.js';

export const baseFlags = {
  verbose: Flags.boolean({
    summary: 'Show stack traces and client logs when something fails.',
    env: 'KGO_VERBOSE',
    helpGroup: 'GLOBAL',
  }),
};

export interface ErrorReport {
  message: string;
  hint?: string;
  code: string;
  exitCode: number;
}

export abstract class KgoCommand<T> extends Command {
  static override baseFlags = baseFlags;

  /** Set once stdout's reader has gone away; writers stop quietly. */
  protected stdoutClosed = false;

  abstract override run(): Promise<T>;

  override async init(): Promise<void> {
    await super.init();
    // Without a listener, a write to a closed pipe would crash the process.
    // Writers (see client's StreamSink) see the error and stop.
    process.stdout.on('error', () => {
      this.stdoutClosed = true;
    });
  }

  protected get verbose(): boolean {
    return this.argv.includes('--verbose') || Boolean(process.env.DEBUG) || Boolean(process.env.KGO_VERBOSE);
  }

  protected override async catch(err: Error & { code?: string }): Promise<void> {
    if (isBrokenPipe(err)) {
      process.exitCode = 0;
      return;
    }
    const report = errorReport(err);
    process.exitCode = report.exitCode;
    if (this.jsonEnabled()) {
      this.logJson({ error: report });
      return;
    }
    process.stderr.write(formatErrorReport(report));
    if (this.verbose && err.stack) process.stderr.write(`${err.stack}\n`);
    else if (report.code === 'INTERNAL') process.stderr.write('Run again with --verbose for details.\n');
  }

  protected override toErrorJson(err: unknown): unknown {
    return { error: errorReport(err as Error) };
  }
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
