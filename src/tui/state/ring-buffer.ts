/**
 * A bounded, immutable series: pushing past capacity drops the oldest value.
 * Every history `kgo top` keeps is one of these, so a monitor left running for
 * hours holds the same memory as one started a minute ago. Pushing copies at
 * most `capacity` values, which keeps reducers pure at a cost that is small
 * next to a poll of the cluster.
 */
import { assert } from '../../common/index.js';

export interface RingBuffer<T> {
  readonly capacity: number;
  /** Oldest first; never longer than capacity. */
  readonly items: readonly T[];
}

export function ringBuffer<T>(capacity: number, items: readonly T[] = []): RingBuffer<T> {
  assert(Number.isInteger(capacity) && capacity > 0, `ring capacity must be a positive integer, got ${capacity}`);
  return { capacity, items: items.length > capacity ? items.slice(items.length - capacity) : items };
}

export function ringPush<T>(ring: RingBuffer<T>, value: T): RingBuffer<T> {
  const items = ring.items.length < ring.capacity ? [...ring.items, value] : [...ring.items.slice(1), value];
  return { capacity: ring.capacity, items };
}

/** The same values in a ring of another capacity (the newest kept). */
export function ringResize<T>(ring: RingBuffer<T>, capacity: number): RingBuffer<T> {
  return capacity === ring.capacity ? ring : ringBuffer(capacity, ring.items);
}

export function ringLast<T>(ring: RingBuffer<T>): T | undefined {
  return ring.items[ring.items.length - 1];
}

export function ringFirst<T>(ring: RingBuffer<T>): T | undefined {
  return ring.items[0];
}
