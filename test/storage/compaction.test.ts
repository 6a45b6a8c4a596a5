import { describe, expect, it } from 'vitest';
import { buildRecordBatch } from '../../src/protocol/index.js';
import { LogCleaner, type LogConfig } from '../../src/storage/index.js';
import { buildBatch } from './batch-builder.js';
import { appendKeyed, lastByKey, readAll } from './compaction-helpers.js';
import { harness, smallConfig } from './helpers.js';

const T0 = 1_700_000_000_000;
const compactConfig: LogConfig = { ...smallConfig, cleanupPolicy: { delete: false, compact: true }, deleteRetentionMs: 60_000 };

describe('LogCleaner', () => {
  it('keeps exactly the last record of each key, at its own offset, across a restart', async () => {
    const h = harness();
    const log = h.open(compactConfig);
    const expected = appendKeyed(log, 3000, 40, 10, T0);
    const endBefore = log.logEndOffset;
    const cleaner = new LogCleaner({ clock: h.clock });
    const stats = await cleaner.clean(log);
    expect(stats?.recordsRemoved).toBeGreaterThan(2000);
    const { records } = await readAll(log);
    const { latest, increasing, count } = lastByKey(records);
    expect(increasing).toBe(true);
    expect(latest).toEqual(expected);
    // Only the active segment (never cleaned) may hold a second record of a key.
    const activeBase = log.segmentBaseOffsets().at(-1)!;
    for (const r of records.filter((r) => r.offset < activeBase)) {
      if (count.get(r.key!)! > 1) expect(records.some((o) => o.key === r.key && o.offset >= activeBase)).toBe(true);
    }
    expect(log.logEndOffset).toBe(endBefore);
    expect(log.segmentCount).toBeLessThan(stats!.segmentsBefore);
    await log.close();
    const reopened = h.open(compactConfig);
    expect(lastByKey((await readAll(reopened)).records).latest).toEqual(expected);
    expect(reopened.logEndOffset).toBe(endBefore);
  });

  it('serves reads from an offset in a gap with the next batch', async () => {
    const h = harness();
    const log = h.open(compactConfig);
    appendKeyed(log, 400, 4, 1, T0);
    await new LogCleaner({ clock: h.clock }).clean(log);
    const { records } = await readAll(log);
    expect(log.logStartOffset).toBe(0);
    expect(records[0]!.offset).toBeGreaterThan(0);
    for (const offset of [0, 1, records[0]!.offset - 1]) {
      const read = log.read(offset, 1000);
      expect(read.records[0]!.readBigInt64BE(0)).toBe(BigInt(records[0]!.offset));
    }
  });

  it('drops tombstones only after delete.retention.ms, and the values they deleted at once', async () => {
    const h = harness();
    const log = h.open(compactConfig);
    const expected = appendKeyed(log, 1000, 20, 10, T0);
    for (let k = 0; k < 5; k++) {
      log.append(buildBatch([{ key: `key-${k}`, value: null, timestampMs: h.clock.nowMs() }]));
      expected.delete(`key-${k}`);
    }
    // Other keys roll the tombstones out of the active segment.
    for (let i = 0; i < 40; i++) {
      log.append(buildBatch(Array.from({ length: 5 }, (_, j) => ({ key: `other-${j}`, value: `o${i}`, timestampMs: T0 }))));
      for (let j = 0; j < 5; j++) expected.set(`other-${j}`, `o${i}`);
    }
    const cleaner = new LogCleaner({ clock: h.clock });
    await cleaner.clean(log);
    let records = (await readAll(log)).records;
    const keptTombstones = records.filter((r) => r.value === null);
    expect(keptTombstones.map((r) => r.key).sort()).toEqual(['key-0', 'key-1', 'key-2', 'key-3', 'key-4']);
    expect(cleaner.needsCleaning(log)).toBe(false);
    h.clock.advance(60_001);
    expect(cleaner.needsCleaning(log)).toBe(true);
    await cleaner.clean(log);
    records = (await readAll(log)).records;
    expect(records.filter((r) => r.value === null)).toEqual([]);
    expect(lastByKey(records).latest).toEqual(expected);
  });

  for (const [name, codec] of [['gzip', 1], ['snappy', 2], ['lz4', 3], ['zstd', 4]] as const) {
    it(`filters ${name} batches and recompresses them with ${name}`, async () => {
      const h = harness();
      const log = h.open(compactConfig);
      const expected = new Map<string, string>();
      for (let b = 0; b < 60; b++) {
        const records = Array.from({ length: 8 }, (_, i) => ({ key: `k${(b * 8 + i) % 12}`, value: `v${b}-${i}-${'x'.repeat(40)}`, timestamp: T0 }));
        for (const r of records) expected.set(r.key, r.value);
        log.append(await buildRecordBatch({ records, compression: codec }));
      }
      await new LogCleaner({ clock: h.clock }).clean(log);
      const { records, codecs } = await readAll(log);
      expect(new Set(codecs)).toEqual(new Set([codec]));
      expect(lastByKey(records).latest).toEqual(expected);
      expect(records.length).toBeLessThan(200);
    });
  }

  it('waits for min.cleanable.dirty.ratio and min.compaction.lag.ms', async () => {
    const h = harness();
    const log = h.open({ ...compactConfig, minCleanableDirtyRatio: 0.5, minCompactionLagMs: 10_000 });
    appendKeyed(log, 1000, 1000, 10, h.clock.nowMs()); // distinct keys: all of it stays
    const cleaner = new LogCleaner({ clock: h.clock });
    expect(cleaner.needsCleaning(log)).toBe(false); // every record is younger than the lag
    h.clock.advance(10_001);
    expect(await cleaner.clean(log)).toBeDefined();
    expect(cleaner.firstDirtyOffset(log)).toBe(log.segmentBaseOffsets().at(-1));
    // A little new dirty data is below the ratio.
    appendKeyed(log, 60, 10, 10, h.clock.nowMs() - 20_000);
    expect(cleaner.needsCleaning(log)).toBe(false);
  });

  it('cleans a log below the ratio once its oldest dirty record passes max.compaction.lag.ms', async () => {
    const h = harness();
    const log = h.open({ ...compactConfig, minCleanableDirtyRatio: 0.99, maxCompactionLagMs: 60_000 });
    appendKeyed(log, 1000, 10, 10, h.clock.nowMs());
    const cleaner = new LogCleaner({ clock: h.clock });
    await cleaner.clean(log); // first pass: everything is dirty
    appendKeyed(log, 100, 10, 10, h.clock.nowMs());
    expect(cleaner.needsCleaning(log)).toBe(false);
    h.clock.advance(60_001);
    expect(cleaner.needsCleaning(log)).toBe(true);
  });

  it('gives up, leaving the log as it was, when retention deletes its segments meanwhile', async () => {
    const h = harness();
    const log = h.open({ ...compactConfig, cleanupPolicy: { delete: true, compact: true }, retentionBytes: 0 });
    appendKeyed(log, 2000, 10, 10, T0);
    const cleaner = new LogCleaner({ clock: h.clock, sliceBytes: 4096 });
    const pass = cleaner.clean(log);
    log.applyRetention();
    expect(await pass).toBeUndefined();
    expect(h.fs.readdirSync(h.dir).filter((n) => n.endsWith('.cleaned') || n.endsWith('.swap'))).toEqual([]);
    expect(log.segmentCount).toBe(1);
  });

  it('holds to its I/O budget (log.cleaner.io.max.bytes.per.second), waiting on its clock', async () => {
    const h = harness();
    const log = h.open(compactConfig);
    const expected = appendKeyed(log, 2000, 10, 10, T0);
    const rate = 10_000;
    const cleaner = new LogCleaner({ clock: h.clock, ioBytesPerSecondMax: rate, sliceBytes: 4096 });
    let stats: Awaited<ReturnType<LogCleaner['clean']>>;
    let done = false;
    void cleaner.clean(log).then((s) => {
      stats = s;
      done = true;
    });
    const spin = async () => {
      for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    for (let i = 0; i < 20 && !done && h.clock.pendingTimers() === 0; i++) await spin();
    expect(done, 'the pass waits for the clock').toBe(false);
    expect(h.clock.pendingTimers()).toBe(1); // sleeping off the budget
    let advancedMs = 0;
    while (!done) {
      // Move the clock only while the pass sleeps on it (an fdatasync may take a while).
      if (h.clock.pendingTimers() > 0) {
        h.clock.advance(1000);
        advancedMs += 1000;
      }
      await spin();
    }
    expect(done).toBe(true);
    const ioBytes = stats!.bytesRead + stats!.bytesWritten;
    expect(advancedMs).toBeGreaterThanOrEqual((ioBytes / rate) * 1000 - 2000);
    expect(lastByKey((await readAll(log)).records).latest).toEqual(expected);
  });

  it('remembers its checkpoint across a restart, so clean data is not cleaned again', async () => {
    const h = harness();
    const log = h.open(compactConfig);
    appendKeyed(log, 1000, 10, 10, T0);
    await new LogCleaner({ clock: h.clock }).clean(log);
    const firstDirty = new LogCleaner({ clock: h.clock }).firstDirtyOffset(log);
    expect(firstDirty).toBe(log.segmentBaseOffsets().at(-1));
    await log.close();
    const reopened = h.open(compactConfig);
    const cleaner = new LogCleaner({ clock: h.clock });
    expect(cleaner.firstDirtyOffset(reopened)).toBe(firstDirty);
    expect(cleaner.needsCleaning(reopened)).toBe(false);
  });
});
