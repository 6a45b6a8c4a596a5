/**
 * flush.messages and flush.ms as the Log reports them: how many records may
 * wait for an fdatasync, and for how long since the last one. Who acts on
 * them is the broker's business (the produce handler and LogMaintenance).
 */
import { describe, expect, it } from 'vitest';
import { batchOf } from './batch-builder.js';
import { harness, smallConfig } from './helpers.js';

describe('Log flush policy', () => {
  it('is due by count once flush.messages records are not yet fdatasync\'ed, and no longer after a flush', async () => {
    const h = harness();
    const log = h.open({ ...smallConfig, flushMessages: 5 });
    log.append(batchOf(2, 'a'));
    log.append(batchOf(2, 'b'));
    expect(log.flushDue).toBe(false); // 4 waiting
    log.append(batchOf(1, 'c'));
    expect(log.flushDue).toBe(true); // 5 waiting
    await log.flush();
    expect(log.recoveryPoint).toBe(5);
    expect(log.flushDue).toBe(false);
    log.append(batchOf(7, 'd')); // one batch past the limit on its own
    expect(log.flushDue).toBe(true);
    await log.close();
  });

  it('is never due by count without flush.messages', async () => {
    const h = harness();
    const log = h.open(smallConfig);
    for (let i = 0; i < 20; i++) log.append(batchOf(5, `x${i}`));
    expect(log.flushDue).toBe(false);
    await log.close();
  });

  it('is due by time once flush.ms has passed since the last flush, and only with records waiting', async () => {
    const h = harness();
    const log = h.open({ ...smallConfig, flushMs: 500 });
    const opened = h.clock.nowMs();
    expect(log.flushDueAt(opened + 10_000)).toBe(false); // nothing to flush
    log.append(batchOf(1, 'a'));
    expect(log.flushDueAt(opened + 499)).toBe(false);
    expect(log.flushDueAt(opened + 500)).toBe(true);
    h.clock.advance(600);
    await log.flush();
    log.append(batchOf(1, 'b'));
    // Counted from the flush, not from the open or the append.
    expect(log.flushDueAt(opened + 1099)).toBe(false);
    expect(log.flushDueAt(opened + 1100)).toBe(true);
    await log.close();
  });

  it('is never due by time after a failed fdatasync: the log can flush no more, and says so once', async () => {
    const h = harness();
    const log = h.open({ ...smallConfig, flushMs: 100 });
    log.append(batchOf(1, 'a'));
    h.fs.failFdatasyncs();
    await expect(log.flush()).rejects.toThrow(/fdatasync/);
    expect(log.flushDueAt(h.clock.nowMs() + 10_000)).toBe(false);
    await log.close().catch(() => undefined);
  });

  it('is never due by time without flush.ms', async () => {
    const h = harness();
    const log = h.open(smallConfig);
    log.append(batchOf(1, 'a'));
    expect(log.flushDueAt(h.clock.nowMs() + 365 * 24 * 3600 * 1000)).toBe(false);
    await log.close();
  });

  it('takes a new flush.messages from reconfigure', async () => {
    const h = harness();
    const log = h.open(smallConfig);
    log.append(batchOf(3, 'a'));
    expect(log.flushDue).toBe(false);
    log.reconfigure({ ...smallConfig, flushMessages: 3 });
    expect(log.flushDue).toBe(true);
    await log.close();
  });
});
