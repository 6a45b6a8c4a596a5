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
import { errorReport, formatErrorReport, isBrokenPipe } from './error-report.js';

export { errorReport, formatErrorReport, isBrokenPipe, type ErrorReport } from './error-report.js';

export const baseFlags = {
  verbose: Flags.boolean({
    summary: 'Show stack traces and client logs when something fails.',
    env: 'KGO_VERBOSE',
    helpGroup: 'GLOBAL',
  }),
};


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
