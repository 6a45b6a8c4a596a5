import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchOf, splitBatches } from './batch-builder.js';
import { harness, type Harness } from './helpers.js';

async function written(h: Harness, batches: number): Promise<Buffer> {
  const log = h.open();
  for (let i = 0; i < batches; i++) log.append(batchOf(3, `r${i}`, 300));
  const all = Buffer.concat(log.read(0, 1 << 24).records);
  await log.close();
  return all;
}

function files(h: Harness, suffix: string): string[] {
  return readdirSync(h.dir)
    .filter((n) => n.endsWith(suffix))
    .sort()
    .map((n) => join(h.dir, n));
}

describe('Log recovery', () => {
  it('reopens with the same offsets, bytes and segments', async () => {
    const h = harness();
    const before = await written(h, 30);
    const log = h.open();
    expect(log.logEndOffset).toBe(90);
    expect(log.recoveryPoint).toBe(90);
    expect(Buffer.concat(log.read(0, 1 << 24).records)).toEqual(before);
    expect(log.append(batchOf(1, 'next'))).toEqual({ baseOffset: 90, lastOffset: 90 });
    expect(h.lines).toEqual([]);
  });

  it('rebuilds indexes that are missing or garbled', async () => {
    const h = harness();
    const before = await written(h, 30);
    const logs = files(h, '.log');
    const indexes = files(h, '.index');
    expect(logs.length).toBe(3);
    writeFileSync(indexes[1]!, Buffer.from('garbage!garbage!'));
    const first = h.open();
    expect(h.lines).toEqual([`${logs[1]}: index missing or inconsistent; rebuilding it`]);
    expect(readFileSync(indexes[1]!).toString()).not.toContain('garbage');
    await first.close();

    rmSync(indexes[0]!);
    rmSync(files(h, '.timeindex')[0]!);
    const log = h.open();
    expect(h.lines.at(-1)).toBe(`${logs[0]}: index missing or inconsistent; rebuilding it`);
    expect(Buffer.concat(log.read(0, 1 << 24).records)).toEqual(before);
    for (const offset of [5, 40, 88]) {
      expect(splitBatches(log.read(offset, 1).records)[0]!.baseOffset).toBe(offset - (offset % 3));
    }
    expect(statSync(indexes[0]!).size).toBeGreaterThan(0);
    expect(statSync(files(h, '.timeindex')[0]!).size).toBeGreaterThan(0);
  });

  it('truncates garbage appended to the last segment and continues at the right offset', async () => {
    const h = harness();
    const before = await written(h, 30);
    const last = files(h, '.log').at(-1)!;
    appendFileSync(last, Buffer.from('this is not a record batch at all, but noise'));
    const log = h.open();
    expect(h.lines.some((l) => l.includes(last) && l.includes('dropped 44 bytes'))).toBe(true);
    expect(log.logEndOffset).toBe(90);
    expect(Buffer.concat(log.read(0, 1 << 24).records)).toEqual(before);
    expect(log.append(batchOf(2, 'next')).baseOffset).toBe(90);
  });

  it('truncates a torn last batch', async () => {
    const h = harness();
    await written(h, 30);
    const last = files(h, '.log').at(-1)!;
    const size = statSync(last).size;
    const torn = batchOf(3, 'torn', 300);
    torn.writeBigInt64BE(90n, 0);
    appendFileSync(last, torn.subarray(0, 100));
    const log = h.open();
    expect(h.lines.some((l) => l.includes('dropped 100 bytes'))).toBe(true);
    expect(statSync(last).size).toBe(size);
    expect(log.logEndOffset).toBe(90);
  });

  it('drops a last batch with a flipped byte, even behind the recovery point', async () => {
    const h = harness();
    await written(h, 30);
    const last = files(h, '.log').at(-1)!;
    const bytes = readFileSync(last);
    const lastBatch = splitBatches([bytes]).at(-1)!;
    const at = bytes.length - 5;
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(last, bytes);
    rmSync(join(h.dir, 'recovery-point'));
    const log = h.open();
    expect(h.lines.some((l) => l.includes(`dropped ${lastBatch.bytes.length} bytes`))).toBe(true);
    expect(log.logEndOffset).toBe(lastBatch.baseOffset);
    expect(log.append(batchOf(3, 'again')).baseOffset).toBe(lastBatch.baseOffset);
  });

  it('cuts at a corrupt batch in an older segment and drops the segments after it', async () => {
    const h = harness();
    await written(h, 30);
    const logs = files(h, '.log');
    const middle = readFileSync(logs[1]!);
    const batches = splitBatches([middle]);
    const victim = batches[4]!;
    const at = middle.indexOf(victim.bytes) + victim.bytes.length - 3;
    middle[at] = middle[at]! ^ 0x01;
    writeFileSync(logs[1]!, middle);
    rmSync(join(h.dir, 'recovery-point'));
    const log = h.open();
    expect(log.logEndOffset).toBe(victim.baseOffset);
    expect(log.segmentCount).toBe(2);
    expect(existsSync(logs[2]!)).toBe(false);
    expect(h.lines.some((l) => l.startsWith(`${logs[1]}: dropped`))).toBe(true);
    expect(h.lines.some((l) => l.startsWith(`${logs[2]}: dropped`) && l.includes('whole segment'))).toBe(true);
    expect(log.append(batchOf(1, 'after')).baseOffset).toBe(victim.baseOffset);
  });

  it('loses only unflushed appends in a crash, and never a flushed one', async () => {
    const h = harness();
    const log = h.open();
    for (let i = 0; i < 20; i++) log.append(batchOf(3, `f${i}`, 300));
    await log.flush();
    for (let i = 0; i < 5; i++) log.append(batchOf(3, `u${i}`, 300));
    h.crash();
    const reopened = h.open();
    expect(reopened.logEndOffset).toBe(60);
    expect(splitBatches(reopened.read(0, 1 << 24).records).length).toBe(20);
    expect(reopened.append(batchOf(1, 'z')).baseOffset).toBe(60);
  });

  it('removes leftover temp files and orphan indexes', async () => {
    const h = harness();
    await written(h, 3);
    writeFileSync(join(h.dir, 'recovery-point.tmp'), '12');
    writeFileSync(join(h.dir, '00000000000000099999.index'), Buffer.alloc(8));
    h.open();
    expect(existsSync(join(h.dir, 'recovery-point.tmp'))).toBe(false);
    expect(existsSync(join(h.dir, '00000000000000099999.index'))).toBe(false);
  });

  it('drops a segment whose base offset leaves a gap', async () => {
    const h = harness();
    await written(h, 30);
    const logs = files(h, '.log');
    const last = logs.at(-1)!;
    const gapName = join(h.dir, '00000000000000000500.log');
    writeFileSync(gapName, readFileSync(last));
    rmSync(join(h.dir, 'recovery-point'));
    const log = h.open();
    expect(existsSync(gapName)).toBe(false);
    expect(log.logEndOffset).toBe(90);
  });
});
