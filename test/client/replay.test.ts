/**
 * The replay copy loop against a scripted consumer and a recording producer:
 * what a real broker rarely shows on demand (records delivered again after a
 * seek, batches holding only control records, a partition that must wait).
 */
import type { Consumer, EachBatchPayload, Message, Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { copyRanges, type CopyContext } from '../../src/client/replay.js';
import { ManualClock } from '../../src/common/index.js';

type Listener = (event: { payload: Record<string, unknown> }) => void;

class ScriptedConsumer {
  readonly events = { END_BATCH_PROCESS: 'end', CRASH: 'crash' };
  readonly listeners = new Map<string, Listener>();
  readonly paused: number[] = [];
  readonly seeks: { partition: number; offset: string }[] = [];
  eachBatch?: (payload: EachBatchPayload) => Promise<void>;
  stopped = false;

  on(event: string, fn: Listener) {
    this.listeners.set(event, fn);
  }
  async subscribe() {}
  async run(config: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) {
    this.eachBatch = config.eachBatch;
  }
  seek(entry: { partition: number; offset: string }) {
    this.seeks.push(entry);
  }
  pause(entries: { partitions: number[] }[]) {
    this.paused.push(...entries.flatMap((e) => e.partitions));
  }
  async stop() {
    this.stopped = true;
  }

  /** Delivers a batch as kafkajs would, then its end-of-batch event. */
  async deliver(partition: number, offsets: number[], lastOffset = offsets.at(-1) ?? -1, timestampMs = (o: number) => 1_000 * o) {
    const messages = offsets.map((o) => ({
      offset: String(o),
      key: Buffer.from(`k${o}`),
      value: Buffer.from(`v${o}`),
      timestamp: String(timestampMs(o)),
      headers: { h: Buffer.from(`${o}`) },
    }));
    const batch = { topic: 'src', partition, messages };
    await this.eachBatch!({ batch, heartbeat: async () => undefined, isRunning: () => true } as unknown as EachBatchPayload);
    this.listeners.get('end')!({ payload: { topic: 'src', partition, lastOffset: String(lastOffset) } });
  }
}

function context(consumer: ScriptedConsumer, sent: Message[], overrides: Partial<CopyContext['options']> = {}, clock = new ManualClock()) {
  const producer = {
    send: async ({ messages }: { messages: Message[] }) => {
      sent.push(...messages);
      return [];
    },
  };
  const ctx: CopyContext = {
    consumer: consumer as unknown as Consumer,
    producer: producer as unknown as Producer,
    options: { topic: 'src', toTopic: 'dst', from: { kind: 'earliest' }, speed: 'max', dryRun: false, ...overrides },
    ranges: [
      { partition: 0, startOffset: 2, endOffset: 5 },
      { partition: 1, startOffset: 0, endOffset: 3 },
    ],
    targetPartitions: 2,
    clock,
    planned: 6,
    onProgress: () => undefined,
  };
  return ctx;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('copyRanges', () => {
  it('publishes each offset in range once, in order, even when a seek delivers records again', async () => {
    const consumer = new ScriptedConsumer();
    const sent: Message[] = [];
    const copying = copyRanges(context(consumer, sent));
    await settle();
    expect(consumer.seeks).toEqual([{ topic: 'src', partition: 0, offset: '2' }, { topic: 'src', partition: 1, offset: '0' }]);
    await consumer.deliver(0, [0, 1, 2, 3]); // fetched before the seek took effect
    await consumer.deliver(0, [2, 3, 4, 5, 6]); // after it: 2 and 3 again, 5 and 6 past the end
    await consumer.deliver(1, [0, 1, 2]);
    expect(await copying).toBe(6);
    expect(sent.map((m) => `${m.partition}:${String(m.value)}`)).toEqual(['0:v2', '0:v3', '0:v4', '1:v0', '1:v1', '1:v2']);
    expect(sent[0]).toMatchObject({ key: Buffer.from('k2'), timestamp: '2000', headers: { h: Buffer.from('2') } });
    expect(consumer.paused.sort()).toEqual([0, 1]);
    expect(consumer.stopped).toBe(true);
  });

  it('closes a partition whose range ends in records it never sees (control records, compaction)', async () => {
    const consumer = new ScriptedConsumer();
    const sent: Message[] = [];
    const copying = copyRanges(context(consumer, sent));
    await settle();
    await consumer.deliver(0, [2, 3]); // 4 is a transaction marker
    await consumer.deliver(0, [], 4);
    await consumer.deliver(1, [0], 7); // 1 and 2 compacted away; the batch went on to 7
    expect(await copying).toBe(3);
  });

  it('holds records back until their time at the given speed', async () => {
    const clock = new ManualClock();
    const consumer = new ScriptedConsumer();
    const sent: Message[] = [];
    const ctx = context(consumer, sent, { speed: 2 }, clock);
    ctx.ranges = [{ partition: 0, startOffset: 0, endOffset: 3 }];
    const copying = copyRanges(ctx);
    await settle();
    const delivering = consumer.deliver(0, [0, 1, 2]); // one second apart
    await settle();
    expect(sent.map((m) => String(m.value))).toEqual(['v0']); // the first record sets the timeline
    clock.advance(499);
    await settle();
    expect(sent).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(sent.map((m) => String(m.value))).toEqual(['v0', 'v1']);
    clock.advance(499);
    await settle();
    expect(sent).toHaveLength(2);
    clock.advance(1);
    await settle();
    await delivering;
    expect(await copying).toBe(3);
    expect(sent.map((m) => String(m.value))).toEqual(['v0', 'v1', 'v2']);
  });

  it('stops when aborted and says how far it got', async () => {
    const consumer = new ScriptedConsumer();
    const abort = new AbortController();
    const sent: Message[] = [];
    const copying = copyRanges(context(consumer, sent, { signal: abort.signal }));
    await settle();
    await consumer.deliver(0, [2, 3]);
    abort.abort();
    await expect(copying).rejects.toThrow(/replay stopped after 2 of 6 record/);
  });
});
