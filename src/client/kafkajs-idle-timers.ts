/**
 * kafkajs 2.2.4 keeps every idle connection busy: when a connection has
 * nothing pending and is not throttled, RequestQueue.scheduleCheckPendingRequests
 * sets a timer with a negative delay that re-arms itself, a loop of ~1 ms
 * timers per connection (tulios/kafkajs#1556, fix proposed in #1667). A
 * monitor idle between polls, or a consumer waiting at the end of a topic,
 * would spend several percent of a core on it; every kgo client installs it. This replaces the method with the proposed fix: a timer only while
 * requests are pending or the broker throttles. It changes when nothing
 * else happens, and leaves requests, throttling and timeouts as they were.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** kafkajs' own interval for re-checking pending requests. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;
const PATCHED = Symbol.for('kgo.kafkajs.requestQueue.idleFix');

interface RequestQueueInternals {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** Installs the fix once per process; returns false if this kafkajs has no such queue. */
export function fixKafkajsIdleTimers(): boolean {
  let RequestQueue: { prototype: RequestQueueInternals & { [PATCHED]?: true } };
  try {
    RequestQueue = require('kafkajs/src/network/requestQueue');
  } catch {
    return false;
  }
  const proto = RequestQueue.prototype;
  if (typeof proto?.scheduleCheckPendingRequests !== 'function') return false;
  if (proto[PATCHED]) return true;
  proto.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueInternals) {
    if (this.throttleCheckTimeoutId) return;
    const throttledForMs = this.throttledUntil - Date.now();
    if (this.pending.length === 0 && throttledForMs <= 0) return;
    const delayMs = throttledForMs > 0 ? throttledForMs : CHECK_PENDING_REQUESTS_INTERVAL_MS;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delayMs);
  };
  proto[PATCHED] = true;
  return true;
}
