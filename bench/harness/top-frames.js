/**
 * Draws `kgo top`'s screen (topics view, 200 partitions whose figures change
 * every frame) FRAMES times with Ink into a discarding terminal, in this
 * process, and prints one JSON line: heap in use after a full GC half way through
 * of the frames and at the end, and the mean time per frame. Run it with
 * --expose-gc and NODE_ENV=production (as `kgo top` runs React).
 */
import { Writable } from 'node:stream';
import React from 'react';
import { render } from 'ink';
import { TopScreen } from '../../dist/tui/components/index.js';
import { initialTopState, initialUiState, topReducer } from '../../dist/tui/index.js';

const FRAMES = Number(process.argv[2] ?? 2000);
const highs = Array.from({ length: 200 }, () => 0);
let seed = 1;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function sample(t) {
  for (let i = 0; i < highs.length; i++) highs[i] += Math.floor(random() * 1000);
  return {
    atMs: t * 1000,
    partitions: highs.map((h, i) => ({ topic: `bench-top-${String(Math.floor(i / 10)).padStart(2, '0')}`, partition: i % 10, highWatermark: h, sizeBytes: h * 100 })),
    groups: [],
    sizesAvailable: true,
    problems: [],
  };
}

const terminal = new Writable({ write: (_chunk, _encoding, done) => done() });
Object.assign(terminal, { columns: 160, rows: 50, isTTY: true });
let state = initialTopState(1000);
const screen = () => React.createElement(TopScreen, { state, ui: initialUiState, brokers: '127.0.0.1:9092', width: 159, height: 50, pollWaitMs: 0 });
const app = render(screen(), { stdout: terminal, patchConsole: false, exitOnCtrlC: false, maxFps: 1000, incrementalRendering: true });
const heapAfterGc = () => {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed;
};
let heapAtHalf = 0;
const started = performance.now();
for (let i = 1; i <= FRAMES; i++) {
  state = topReducer(state, { type: 'sample', sample: sample(i) });
  app.rerender(screen());
  await new Promise((resolve) => setTimeout(resolve, 1)); // let Ink draw
  if (i === Math.floor(FRAMES / 2)) heapAtHalf = heapAfterGc();
}
const msPerFrame = (performance.now() - started) / FRAMES;
const heapAtEnd = heapAfterGc();
app.unmount();
process.stdout.write(`${JSON.stringify({ frames: FRAMES, heapAtHalf, heapAtEnd, msPerFrame })}\n`);
