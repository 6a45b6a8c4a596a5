import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ringBuffer, ringFirst, ringLast, ringPush, ringResize } from '../../src/tui/index.js';

describe('ring buffer', () => {
  it('keeps the newest values up to its capacity, oldest first', () => {
    let ring = ringBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring = ringPush(ring, i);
    expect(ring.items).toEqual([3, 4, 5]);
    expect(ringFirst(ring)).toBe(3);
    expect(ringLast(ring)).toBe(5);
  });

  it('never holds more than its capacity, whatever is pushed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.integer(), { maxLength: 200 }), (capacity, values) => {
        let ring = ringBuffer<number>(capacity);
        for (const v of values) ring = ringPush(ring, v);
        expect(ring.items.length).toBe(Math.min(capacity, values.length));
        expect(ring.items).toEqual(values.slice(Math.max(0, values.length - capacity)));
      }),
    );
  });

  it('leaves the original untouched when pushing', () => {
    const ring = ringBuffer(2, [1, 2]);
    ringPush(ring, 3);
    expect(ring.items).toEqual([1, 2]);
  });

  it('resizes keeping the newest values', () => {
    expect(ringResize(ringBuffer(5, [1, 2, 3, 4]), 2).items).toEqual([3, 4]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => ringBuffer(0)).toThrow(/capacity/);
  });
});
