import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startBenchProgress } from '../../src/client/bench.js';

function fakeStream(isTTY: boolean, columns = 100): { stream: NodeJS.WriteStream; written: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  // What ora uses of a terminal stream.
  Object.assign(stream, { isTTY, columns, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  const chunks: Buffer[] = [];
  stream.on('data', (d: Buffer) => chunks.push(Buffer.from(d)));
  return { stream, written: () => Buffer.concat(chunks).toString('utf8') };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('startBenchProgress', () => {
  it('writes the interval lines on a terminal', async () => {
    const { stream, written } = fakeStream(true);
    const progress = await startBenchProgress('producing to t', true, stream);
    progress.total(10);
    progress.window('10 records sent, 2.0 records/sec (0.00 MB/sec), 1.0 ms avg latency, 2.0 ms max latency.');
    progress.stop();
    progress.stop();
    await flush();
    expect(written()).toContain('10 records sent, 2.0 records/sec (0.00 MB/sec), 1.0 ms avg latency, 2.0 ms max latency.\n');
  });

  it('prints plain lines, without a spinner, on a terminal of no width', async () => {
    const { stream, written } = fakeStream(true, 0);
    const progress = await startBenchProgress('producing to t', true, stream);
    progress.total(10);
    progress.window('a line');
    progress.stop();
    await flush();
    expect(written()).toBe('a line\n');
  });

  it('is silent in a pipe, and when turned off (--json)', async () => {
    for (const [isTTY, enabled] of [[false, true], [true, false]] as const) {
      const { stream, written } = fakeStream(isTTY);
      const progress = await startBenchProgress('producing to t', enabled, stream);
      progress.total(10);
      progress.window('a line');
      progress.stop();
      await flush();
      expect(written()).toBe('');
    }
  });
});
