import { statSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../cli/index.js';
import type { TopSnapshot } from '../tui/index.js';
import { capYoungGeneration, stopOptimizing, UsageError } from '../common/index.js';

/** What src/top-entry.ts exports. */
type Screen = Pick<typeof import('../tui/index.js'), 'collectTopState' | 'renderTop' | 'renderTopText' | 'topSnapshot'>;

/**
 * What a frame and a poll leave for the next scavenge needs far less; V8
 * would grow it to 32 MiB. Starting the command has usually grown it this far.
 */
const YOUNG_GENERATION_BYTES_MAX = 8 * 1024 * 1024;

/**
 * The bundle `npm run build` makes of the screen (dist/top/), or the separate
 * modules when the bundle is missing or older than them (only tsc has run since).
 */
async function loadScreen(): Promise<Screen> {
  const bundle = new URL('../top/index.js', import.meta.url);
  const modules = new URL('../top-entry.js', import.meta.url);
  const mtime = (file: URL) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  return (await import(mtime(bundle) >= mtime(modules) ? bundle.href : modules.href)) as Screen;
}

export default class Top extends KgoCommand<TopSnapshot | undefined> {
  static override summary = 'Watch throughput and consumer lag live, in the terminal.';
  static override description =
    'Topics: records/s per topic and partition (from high-watermark deltas) and bytes/s (from partition sizes, ' +
    'where the cluster reports them), with a sparkline of the last minutes, busiest first. Groups: state, members, ' +
    'lag and its trend, consume rate, time to catch up and a status judged over a sliding window: OK, WARN (lag ' +
    'growing), STALL (offsets not moving while members are present and lag > 0), STOP (no members, no commits, ' +
    'lag > 0), REWIND (offsets went backwards).\n\n' +
    'Keys: ↑↓ or j/k move, enter opens a topic or group, esc goes back, tab switches views, / filters, p pauses, q quits.\n\n' +
    'Without a terminal use --once, which prints one snapshot (two samples one interval apart); with --json for scripts.';
  static override examples = [
    { description: 'Watch the local broker', command: '<%= config.bin %> <%= command.id %>' },
    { description: 'Watch a cluster, sampling every 5 seconds', command: '<%= config.bin %> <%= command.id %> -b kafka-1:9092 --interval 5000' },
    { description: 'One snapshot for a script', command: '<%= config.bin %> <%= command.id %> --once --json' },
  ];
  static override enableJsonFlag = true;
  static override flags = {
    ...connectionFlags,
    interval: Flags.integer({ summary: 'Milliseconds between samples.', default: 1000, min: 100, max: 60_000 }),
    once: Flags.boolean({ summary: 'Print one snapshot and exit instead of watching (implied by --json).' }),
    internal: Flags.boolean({ summary: 'Also show internal topics (names starting with "__").' }),
  };

  async run(): Promise<TopSnapshot | undefined> {
    const { flags } = await this.parse(Top);
    const once = flags.once || this.jsonEnabled();
    if (!once && !(process.stdout.isTTY && process.stdin.isTTY)) {
      throw new UsageError('kgo top needs a terminal to draw on', 'use `kgo top --once` (add --json for scripts) when output is not a terminal');
    }
    // The screen runs for hours at a frame a second: with V8's defaults for a
    // busy server it would hold 25 MB more than it needs (common/v8-settings.ts).
    if (!once) capYoungGeneration(YOUNG_GENERATION_BYTES_MAX);
    // React's development build costs several times the CPU of its production build
    // on every redraw; it is chosen by NODE_ENV when React is first loaded.
    process.env.NODE_ENV ??= 'production';
    // Ink draws only a final frame when it believes it runs under CI (the CI
    // variable is set); a person at a terminal asked for the live screen.
    if (!once) {
      for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) if (process.env[name] !== undefined) process.env[name] = '0';
    }
    const client = await import('../client/index.js');
    const tui = await loadScreen();
    const settings = client.resolveSettings({ ...flags, verbose: flags.verbose });
    const kafka = await client.createKafka(settings);
    const monitor = await client.openClusterMonitor(kafka, settings, { includeInternal: flags.internal });
    try {
      if (once) {
        const state = await tui.collectTopState(monitor, flags.interval).catch((err: unknown) => {
          throw client.kafkaUserError(err);
        });
        if (!this.jsonEnabled()) this.log(tui.renderTopText(state, process.stdout.columns || 100).trimEnd());
        return tui.topSnapshot(state);
      }
      // Code that runs once a second is never worth TurboFan's compiles (common/v8-settings.ts).
      stopOptimizing();
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGTERM', onSignal);
      try {
        await tui.renderTop({ source: monitor, intervalMs: flags.interval, brokers: settings.brokers.join(','), signal: stop.signal });
      } finally {
        process.off('SIGTERM', onSignal);
      }
      return undefined;
    } finally {
      await monitor.close();
    }
  }
}
