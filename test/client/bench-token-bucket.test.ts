import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/common/index.js';
import { BatchPacer, SendPlan, TokenBucket } from '../../src/client/bench.js';

/** Moves the clock 1 ms at a time, letting awaiting code run between steps. */
async function advance(clock: ManualClock, ms: number): Promise<void> {
  for (let i = 0; i < ms; i++) {
    clock.advance(1);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('TokenBucket', () => {
  it('accrues tokens at the rate, up to the burst', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(100, 10, clock);
    expect(bucket.available()).toBe(0);
    clock.advance(50);
    expect(bucket.available()).toBe(5);
    expect(bucket.take(3)).toBe(3);
    expect(bucket.available()).toBe(2);
    clock.advance(10_000);
    expect(bucket.available()).toBe(10);
  });

  it('says how long until tokens are there', () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(1_000, 100, clock);
    expect(bucket.delayMsFor(10)).toBe(10);
    clock.advance(4);
    expect(bucket.delayMsFor(10)).toBe(6);
    expect(bucket.delayMsFor(1_000)).toBe(96); // at most one burst is ever waited for
  });

  it('acquire waits on the clock', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(100, 50, clock);
    let got: number | undefined;
    void bucket.acquire(20).then((n) => (got = n));
    await advance(clock, 199);
    expect(got).toBeUndefined();
    await advance(clock, 2);
    expect(got).toBe(20);
  });

  it('grants everything at once when unlimited', async () => {
    const bucket = new TokenBucket(-1, 1, new ManualClock());
    expect(bucket.take(1_000_000)).toBe(1_000_000);
    expect(await bucket.acquire(7)).toBe(7);
  });
});

describe('BatchPacer', () => {
  it('sends what has accrued once the linger time is up', async () => {
    const clock = new ManualClock();
    const pacer = new BatchPacer(new TokenBucket(1_000, 1_000, clock), 5, clock);
    let got: number | undefined;
    void pacer.next(100).then((n) => (got = n));
    await advance(clock, 4);
    expect(got).toBeUndefined();
    await advance(clock, 2);
    expect(got).toBeGreaterThanOrEqual(5);
    expect(got).toBeLessThan(100);
  });

  it('waits for a full batch when the linger time allows it', async () => {
    const clock = new ManualClock();
    const pacer = new BatchPacer(new TokenBucket(1_000, 1_000, clock), 1_000, clock);
    let got: number | undefined;
    void pacer.next(100).then((n) => (got = n));
    await advance(clock, 98);
    expect(got).toBeUndefined();
    await advance(clock, 4);
    expect(got).toBe(100);
  });

  it('concurrent callers share the rate instead of each taking it', async () => {
    const clock = new ManualClock();
    const pacer = new BatchPacer(new TokenBucket(100, 100, clock), 1_000, clock);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) void pacer.next(10).then((n) => got.push(n));
    await advance(clock, 150);
    expect(got).toEqual([10]);
    await advance(clock, 155);
    expect(got).toEqual([10, 10, 10]);
  });
});

describe('SendPlan', () => {
  it('hands out exactly the records asked for, then 0', async () => {
    const plan = new SendPlan(2_500, 1_000, new BatchPacer(new TokenBucket(-1, 1), 0));
    const sizes: number[] = [];
    for (let n = await plan.next(); n > 0; n = await plan.next()) sizes.push(n);
    expect(sizes).toEqual([1_000, 1_000, 500]);
    expect(await plan.next()).toBe(0);
  });
});
