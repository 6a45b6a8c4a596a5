import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/storage/index.js';
import { batchOf, splitBatches } from './batch-builder.js';
import { harness } from './helpers.js';

const isLog = (path: string) => path.endsWith('.log');
const segmentSyncs = (h: ReturnType<typeof harness>) => h.fs.fdatasyncPaths.filter(isLog).length;

describe('Log flush (group commit)', () => {
  it('serves 50 concurrent flushes with few fdatasyncs', async () => {
    const h = harness();
    const log = h.open();
    const release = h.fs.holdFdatasyncs();
    const flushes: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      log.append(batchOf(1, `p${i}`));
      flushes.push(log.flush());
    }
    expect(segmentSyncs(h)).toBe(1);
    release();
    await Promise.all(flushes);
    expect(segmentSyncs(h)).toBeLessThanOrEqual(2);
    expect(log.recoveryPoint).toBe(50);
  });

  it('resolves at once when the offset is already flushed', async () => {
    const h = harness();
    const log = h.open();
    log.append(batchOf(2, 'a'));
    await log.flush();
    const calls = h.fs.fdatasyncCalls;
    await log.flush(2);
    await log.flush();
    expect(h.fs.fdatasyncCalls).toBe(calls);
  });

  it('does not resolve a flush before the fdatasync running on its bytes is over', async () => {
    const h = harness();
    const log = h.open();
    log.append(batchOf(1, 'a'));
    const release = h.fs.holdFdatasyncs();
    const first = log.flush();
    let secondDone = false;
    const second = log.flush().then(() => (secondDone = true));
    await new Promise((r) => setImmediate(r));
    expect(secondDone).toBe(false);
    release();
    await Promise.all([first, second]);
    expect(secondDone).toBe(true);
  });

  it('fsyncs rolled segments too', async () => {
    const h = harness();
    const log = h.open();
    for (let i = 0; i < 30; i++) log.append(batchOf(3, `r${i}`, 300));
    expect(log.segmentCount).toBe(3);
    await log.flush();
    expect(segmentSyncs(h)).toBe(3);
    h.crash();
    expect(h.open().logEndOffset).toBe(90);
  });

  it('fsyncs the directory once new segment files exist, and its parent for a new log', async () => {
    const h = harness();
    const log = h.open();
    log.append(batchOf(1, 'a'));
    await log.flush();
    expect(h.fs.fsyncDirPaths.filter((p) => p === h.dir || p === dirname(h.dir)).sort()).toEqual([dirname(h.dir), h.dir].sort());
    await log.close();
    const reopened = h.open();
    h.fs.fsyncDirPaths.length = 0;
    for (let i = 0; i < 20; i++) reopened.append(batchOf(3, `r${i}`, 300));
    await reopened.flush();
    expect(reopened.segmentCount).toBeGreaterThan(1);
    expect(h.fs.fsyncDirPaths[0]).toBe(h.dir);
  });

  it('after a failed fdatasync keeps the recovery point and refuses writes and flushes until reopened', async () => {
    const h = harness();
    const log = h.open();
    log.append(batchOf(2, 'a'));
    h.fs.failFdatasyncs({ code: 'EIO' });
    const failed = log.flush();
    await expect(failed).rejects.toBeInstanceOf(StorageError);
    await expect(failed).rejects.toMatchObject({ code: 'EIO' });
    expect(log.recoveryPoint).toBe(0);
    expect(h.lines.some((l) => l.includes('takes no more writes until the broker restarts'))).toBe(true);
    // The fault is gone, but the kernel may have dropped those pages: a sync now would prove nothing.
    await expect(log.flush()).rejects.toMatchObject({ code: 'EIO' });
    expect(() => log.append(batchOf(1, 'b'))).toThrow(StorageError);
    expect(log.recoveryPoint).toBe(0);
    expect(log.read(0, 1 << 20).bytes).toBeGreaterThan(0);
    await log.close();
    const reopened = h.open();
    expect(reopened.append(batchOf(1, 'c')).baseOffset).toBe(2);
    await reopened.flush();
    expect(reopened.recoveryPoint).toBe(3);
    await reopened.close();
  });

  it('writes the recovery-point file lazily and on close', async () => {
    const h = harness();
    const log = h.open();
    log.append(batchOf(2, 'a'));
    await log.flush();
    log.append(batchOf(2, 'b'));
    await log.flush();
    await log.close();
    const reopened = h.open();
    expect(reopened.recoveryPoint).toBe(4);
  });
});

describe('Log write faults', () => {
  it('ENOSPC: throws StorageError, keeps the log end, stays readable, recovers when space returns', () => {
    const h = harness();
    const log = h.open();
    log.append(batchOf(2, 'a'));
    h.fs.failWrites({ code: 'ENOSPC', match: isLog });
    let thrown: unknown;
    try {
      log.append(batchOf(2, 'b'));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(StorageError);
    expect((thrown as StorageError).code).toBe('ENOSPC');
    expect(log.logEndOffset).toBe(2);
    expect(splitBatches(log.read(0, 1 << 20).records).length).toBe(1);
    expect(log.append(batchOf(1, 'c'))).toEqual({ baseOffset: 2, lastOffset: 2 });
  });

  it('cuts a torn write off before reporting it', () => {
    const h = harness();
    const log = h.open();
    log.append(batchOf(2, 'a'));
    const size = log.sizeBytes;
    h.fs.failWrites({ code: 'EIO', torn: true, match: isLog });
    expect(() => log.append(batchOf(3, 'torn', 500))).toThrow(StorageError);
    expect(log.sizeBytes).toBe(size);
    log.append(batchOf(1, 'next'));
    expect(splitBatches(log.read(0, 1 << 20).records).map((b) => b.baseOffset)).toEqual([0, 2]);
  });

  it('refuses appends while a torn write cannot be cut off, then retries the repair', () => {
    const h = harness();
    const log = h.open();
    log.append(batchOf(2, 'a'));
    h.fs.failWrites({ code: 'EIO', torn: true, match: isLog });
    h.fs.failTruncates({ code: 'EIO', times: 2 });
    expect(() => log.append(batchOf(3, 'torn', 500))).toThrow(StorageError);
    expect(() => log.append(batchOf(1, 'refused'))).toThrow(/needs recovery/);
    expect(log.logEndOffset).toBe(2);
    expect(log.append(batchOf(1, 'ok'))).toEqual({ baseOffset: 2, lastOffset: 2 });
    expect(splitBatches(log.read(0, 1 << 20).records).map((b) => b.baseOffset)).toEqual([0, 2]);
  });

  it('keeps appending when an index write fails (the index is rebuilt on restart)', async () => {
    const h = harness();
    const log = h.open();
    h.fs.failWrites({ code: 'ENOSPC', match: (p) => p.endsWith('.index'), times: 100 });
    for (let i = 0; i < 10; i++) log.append(batchOf(3, `r${i}`, 300));
    h.fs.clearFaults();
    expect(splitBatches(log.read(13, 1).records)[0]!.baseOffset).toBe(12);
    await log.close();
    const reopened = h.open();
    expect(splitBatches(reopened.read(13, 1).records)[0]!.baseOffset).toBe(12);
  });
});
