import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogManager, OffsetOutOfRangeError, writeFileAtomic } from '../../src/storage/index.js';
import { batchOf, splitBatches } from './batch-builder.js';
import { harness, smallConfig, tempDir } from './helpers.js';
import { FaultyFileSystem } from '../support/faulty-fs.js';

const T0 = 1_700_000_000_000;

describe('Log timestamps', () => {
  it('finds the first batch whose max timestamp reaches the target, across segments', () => {
    const log = harness().open();
    for (let i = 0; i < 30; i++) log.append(batchOf(3, `t${i}`, 300, T0 + i * 1000));
    expect(log.segmentCount).toBeGreaterThan(1);
    expect(log.offsetForTimestamp(T0)).toEqual({ offset: 0, timestamp: T0 });
    expect(log.offsetForTimestamp(T0 - 5)).toEqual({ offset: 0, timestamp: T0 });
    expect(log.offsetForTimestamp(T0 + 12_500)).toEqual({ offset: 39, timestamp: T0 + 13_000 });
    expect(log.offsetForTimestamp(T0 + 29_000)).toEqual({ offset: 87, timestamp: T0 + 29_000 });
    expect(log.offsetForTimestamp(T0 + 29_001)).toBeNull();
    expect(log.maxTimestamp()).toEqual({ timestamp: T0 + 29_000, offset: 89 });
  });

  it('copes with timestamps that go backwards, and survives a restart', async () => {
    const h = harness();
    const log = h.open();
    const stamps = [5, 1, 9, 3, 9, 12, 2, 20];
    stamps.forEach((s, i) => log.append(batchOf(1, `s${i}`, 700, T0 + s)));
    await log.close();
    const reopened = h.open();
    expect(reopened.offsetForTimestamp(T0 + 6)).toEqual({ offset: 2, timestamp: T0 + 9 });
    expect(reopened.offsetForTimestamp(T0 + 10)).toEqual({ offset: 5, timestamp: T0 + 12 });
    expect(reopened.maxTimestamp()).toEqual({ timestamp: T0 + 20, offset: 7 });
  });

  it('reports -1 for the max timestamp of an empty log', () => {
    expect(harness().open().maxTimestamp()).toEqual({ timestamp: -1, offset: -1 });
  });
});

describe('Log deleteRecordsBefore and truncateTo', () => {
  it('advances the log start, deletes whole segments below it, and remembers it', async () => {
    const h = harness();
    const log = h.open();
    for (let i = 0; i < 30; i++) log.append(batchOf(3, `d${i}`, 300));
    const segments = log.segmentCount;
    expect(log.deleteRecordsBefore(50)).toBe(50);
    expect(log.segmentCount).toBe(segments - 1);
    expect(() => log.read(49, 100)).toThrow(OffsetOutOfRangeError);
    expect(splitBatches(log.read(50, 1).records)[0]!.baseOffset).toBe(48);
    expect(log.offsetForTimestamp(0)!.offset).toBe(50);
    expect(() => log.deleteRecordsBefore(91)).toThrow(OffsetOutOfRangeError);
    await log.close();
    expect(h.open().logStartOffset).toBe(50);
  });

  it('deletes everything up to the log end and keeps appending after it', async () => {
    const h = harness();
    const log = h.open();
    for (let i = 0; i < 5; i++) log.append(batchOf(3, `d${i}`, 300));
    log.deleteRecordsBefore(15);
    expect(log.segmentCount).toBe(1);
    expect(log.sizeBytes).toBe(0);
    expect(log.read(15, 100).bytes).toBe(0);
    expect(log.append(batchOf(1, 'x')).baseOffset).toBe(15);
    await log.close();
    const reopened = h.open();
    expect([reopened.logStartOffset, reopened.logEndOffset]).toEqual([15, 16]);
  });

  it('truncates to a batch boundary, across segments, and reappends', async () => {
    const h = harness();
    const log = h.open();
    for (let i = 0; i < 30; i++) log.append(batchOf(3, `t${i}`, 300, T0 + i));
    log.truncateTo(40);
    expect(log.logEndOffset).toBe(39);
    expect(log.maxTimestamp()).toEqual({ timestamp: T0 + 12, offset: 38 });
    expect(log.append(batchOf(2, 'new')).baseOffset).toBe(39);
    await log.flush();
    h.crash();
    const reopened = h.open();
    expect(reopened.logEndOffset).toBe(41);
    expect(splitBatches(reopened.read(0, 1 << 20).records).map((b) => b.baseOffset).at(-1)).toBe(39);
  });
});

describe('LogManager', () => {
  it('finds partition directories, splitting names at the last dash', async () => {
    const dataDir = tempDir();
    const fs = new FaultyFileSystem();
    const first = LogManager.open(dataDir, smallConfig, { fs });
    first.createLog('orders-eu-west', 3).append(batchOf(2, 'a'));
    first.createLog('plain', 0);
    await first.close();
    mkdirSync(join(dataDir, 'meta'));
    mkdirSync(join(dataDir, 'gone-1.deleted'));
    writeFileSync(join(dataDir, 'gone-1.deleted', 'x'), 'x');

    const manager = LogManager.open(dataDir, smallConfig, { fs });
    expect(manager.allLogs().map(({ topic, partition }) => `${topic}/${partition}`).sort()).toEqual([
      'orders-eu-west/3',
      'plain/0',
    ]);
    expect(manager.getLog('orders-eu-west', 3)!.logEndOffset).toBe(2);
    expect(manager.getLog('orders-eu', 3)).toBeUndefined();
    expect(existsSync(join(dataDir, 'gone-1.deleted'))).toBe(false);
    expect(LogManager.parseDirName('a-b-12')).toEqual({ topic: 'a-b', partition: 12 });
    expect(LogManager.parseDirName('meta')).toBeUndefined();

    await manager.deleteLog('orders-eu-west', 3);
    expect(manager.getLog('orders-eu-west', 3)).toBeUndefined();
    expect(readdirSync(dataDir).sort()).toEqual(['meta', 'plain-0']);
    await manager.close();
  });
});

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp file', async () => {
    const dir = tempDir();
    const fs = new FaultyFileSystem();
    const path = join(dir, 'topics.json');
    await writeFileAtomic(fs, path, 'one');
    await writeFileAtomic(fs, path, Buffer.from('two'));
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toEqual(['topics.json']);
    fs.crash();
    expect(readFileSync(path, 'utf8')).toBe('two');
  });

  it('keeps the old content when the write fails', async () => {
    const dir = tempDir();
    const fs = new FaultyFileSystem();
    const path = join(dir, 'topics.json');
    await writeFileAtomic(fs, path, 'old');
    fs.failFdatasyncs({ code: 'EIO' });
    await expect(writeFileAtomic(fs, path, 'new')).rejects.toMatchObject({ code: 'EIO' });
    expect(readFileSync(path, 'utf8')).toBe('old');
  });
});
