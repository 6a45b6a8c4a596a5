/** The monitor's fix for kafkajs 2.2.4's idle timer loop (kafkajs#1556). */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fixKafkajsIdleTimers } from '../../src/client/kafkajs-idle-timers.js';

const require = createRequire(import.meta.url);

interface QueueState {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  checks: number;
  checkPendingRequests(): void;
}

function queue(pending: unknown[], throttledUntil = -1): QueueState {
  return {
    throttledUntil,
    throttleCheckTimeoutId: null,
    pending,
    checks: 0,
    checkPendingRequests() {
      this.checks++;
    },
  };
}

describe('kafkajs request queue fix', () => {
  const { prototype } = require('kafkajs/src/network/requestQueue') as { prototype: { scheduleCheckPendingRequests(this: QueueState): void } };

  it('arms no timer on an idle, unthrottled connection', () => {
    expect(fixKafkajsIdleTimers()).toBe(true);
    const idle = queue([]);
    prototype.scheduleCheckPendingRequests.call(idle);
    expect(idle.throttleCheckTimeoutId).toBeNull();
  });

  it('still checks again while requests are pending or the broker throttles', async () => {
    fixKafkajsIdleTimers();
    const waiting = queue([{}]);
    prototype.scheduleCheckPendingRequests.call(waiting);
    expect(waiting.throttleCheckTimeoutId).not.toBeNull();
    const throttled = queue([], Date.now() + 20);
    prototype.scheduleCheckPendingRequests.call(throttled);
    expect(throttled.throttleCheckTimeoutId).not.toBeNull();
    await new Promise((r) => setTimeout(r, 60));
    expect([waiting.checks, throttled.checks]).toEqual([1, 1]);
  });

  it('installs itself once', () => {
    fixKafkajsIdleTimers();
    const installed = prototype.scheduleCheckPendingRequests;
    fixKafkajsIdleTimers();
    expect(prototype.scheduleCheckPendingRequests).toBe(installed);
  });
});
