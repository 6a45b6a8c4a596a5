/**
 * kill -9 at every file operation of a compaction pass: after a restart the
 * log holds either the old segments or the cleaned ones (never a mix, never
 * a leftover), and every key still reads its latest value.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/index.js';
import { Log, LogCleaner, type FileSystem, type LogConfig } from '../../src/storage/index.js';
import { FaultyFileSystem } from '../support/faulty-fs.js';
import { buildBatch } from './batch-builder.js';
import { appendKeyed, lastByKey, readAll } from './compaction-helpers.js';
import { smallConfig, tempDir } from './helpers.js';

const config: LogConfig = { ...smallConfig, segmentBytes: 2048, cleanupPolicy: { delete: false, compact: true }, deleteRetentionMs: 0 };
const MUTATIONS = new Set(['openSync', 'writeSync', 'ftruncateSync', 'renameSync', 'unlinkSync', 'rmSync', 'writeFileSync', 'fdatasync', 'fsyncDir']);

/** Passes calls through to `faulty` until the `crashAt`th mutating call, which crashes it instead. */
function crashingAt(faulty: FaultyFileSystem, crashAt: number): { fs: FileSystem; calls: () => number; arm: () => void } {
  let calls = 0;
  let armed = false;
  const fs = new Proxy(faulty, {
    get(target, name: string) {
      const real = (target as unknown as Record<string, unknown>)[name];
      if (typeof real !== 'function') return real;
      return (...args: unknown[]) => {
        if (armed && MUTATIONS.has(name) && calls++ === crashAt) {
          target.crash();
          throw Object.assign(new Error('killed'), { code: 'EIO' });
        }
        return (real as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as unknown as FileSystem;
  return { fs, calls: () => calls, arm: () => (armed = true) };
}

async function crashDuringClean(crashAt: number): Promise<{ finished: boolean; dir: string; expected: Map<string, string>; endOffset: number }> {
  const dir = join(tempDir(), 'compact-0');
  const clock = new ManualClock();
  const setup = Log.open(dir, config, { fs: new FaultyFileSystem(), clock });
  const expected = appendKeyed(setup, 360, 12, 6, clock.nowMs());
  // A tombstone, dropped by the pass (delete.retention.ms 0) along with its key's values.
  expected.delete('key-3');
  setup.append(buildBatch([{ key: 'key-3', value: null, timestampMs: clock.nowMs() }]));
  appendKeyed(setup, 60, 4, 6, clock.nowMs(), new Map()).forEach((v, k) => expected.set(k, v));
  const endOffset = setup.logEndOffset;
  await setup.close();
  const faulty = new FaultyFileSystem();
  const crashing = crashingAt(faulty, crashAt);
  const log = Log.open(dir, config, { fs: crashing.fs, clock });
  crashing.arm();
  let finished = false;
  try {
    finished = (await new LogCleaner({ clock, sliceBytes: 1024 }).clean(log)) !== undefined;
    await log.flush();
  } catch {
    // the crash
  }
  if (crashing.calls() <= crashAt) faulty.crash();
  return { finished: finished && crashing.calls() <= crashAt, dir, expected, endOffset };
}

describe('compaction swap under kill -9', () => {
  it('never loses a latest value, whichever file operation the crash interrupts', async () => {
    let finishedOnce = false;
    let crashPoints = 0;
    const recoveries = new Set<string>();
    for (let crashAt = 0; crashAt < 400 && !finishedOnce; crashAt++) {
      const run = await crashDuringClean(crashAt);
      finishedOnce = run.finished;
      crashPoints++;
      const lines: string[] = [];
      const log = Log.open(run.dir, config, { fs: new FaultyFileSystem(), clock: new ManualClock(), log: (l) => lines.push(l) });
      const { records } = await readAll(log);
      const { latest, increasing } = lastByKey(records);
      const values = new Map([...latest].filter(([, v]) => v !== null));
      expect(values, `crash at file operation ${crashAt}`).toEqual(run.expected);
      expect(increasing).toBe(true);
      expect(log.logEndOffset).toBe(run.endOffset);
      expect(new FaultyFileSystem().readdirSync(run.dir).filter((n) => /\.(cleaned|swap|deleted)$/.test(n))).toEqual([]);
      for (const line of lines) recoveries.add(line.replace(/^.*: /, ''));
      await log.close();
    }
    expect(recoveries).toContain('finished an interrupted compaction swap');
    expect(recoveries).toContain('discarding an unfinished compaction');
    expect(finishedOnce).toBe(true);
    expect(crashPoints).toBeGreaterThan(10);
  });
});
