/**
 * The one entry point of `kgo top`'s screen. It owns the terminal while it
 * runs (alternate screen, raw keys) and gives it back as it found it.
 */
import { render } from 'ink';
import { useReducer } from 'react';
import type { Clock } from '../common/index.js';
import { TopScreen } from './components/index.js';
import { useClusterState, useTerminalSize, useTopKeys } from './hooks/index.js';
import type { TopSource } from './sources/index.js';
import { initialUiState, screenRowKeys, uiReducer } from './state/index.js';

export interface RenderTopOptions {
  source: TopSource;
  intervalMs: number;
  /** Shown in the header: where the figures come from. */
  brokers: string;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  clock?: Clock;
  /** Closes the screen as if the user had quit (SIGTERM). */
  signal?: AbortSignal;
}

/** Redraws at most this often, whatever the poll interval. */
const FRAMES_PER_SECOND_MAX = 10;
const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';

export interface TopAppProps {
  source: TopSource;
  intervalMs: number;
  brokers: string;
  clock?: Clock;
}

export function TopApp({ source, intervalMs, brokers, clock }: TopAppProps) {
  const [ui, dispatchUi] = useReducer(uiReducer, initialUiState);
  const { state, pollWaitMs } = useClusterState(source, intervalMs, ui.paused, clock);
  const { columns, rows } = useTerminalSize();
  const rowKeys = screenRowKeys(state, ui);
  useTopKeys(ui, rowKeys, Math.max(1, rows - 6), dispatchUi);
  // One column short of the edge: a full-width line makes some terminals wrap.
  return <TopScreen state={state} ui={ui} brokers={brokers} width={Math.max(20, columns - 1)} height={Math.max(8, rows)} pollWaitMs={pollWaitMs} />;
}

/** Runs the screen until the user quits. */
export async function renderTop(options: RenderTopOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const alternate = stdout.isTTY === true;
  if (alternate) stdout.write(ENTER_ALTERNATE_SCREEN);
  const app = render(<TopApp source={options.source} intervalMs={options.intervalMs} brokers={options.brokers} clock={options.clock} />, {
    stdout,
    stdin: options.stdin ?? process.stdin,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: FRAMES_PER_SECOND_MAX,
    // Rewrites only the lines that changed: most of the screen stays put between samples.
    incrementalRendering: true,
  });
  const onAbort = () => app.unmount();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await app.waitUntilExit();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    app.cleanup();
    if (alternate) stdout.write(LEAVE_ALTERNATE_SCREEN);
  }
}
