import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../cli/index.js';
import type { ReplayResult } from '../client/index.js';

export default class Replay extends KgoCommand<ReplayResult> {
  static override summary = 'Re-publish a range of a topic into another topic.';
  static override description = `Keeps keys, values, headers and timestamps. --from is inclusive, --to exclusive; both take an offset (applied to every partition), earliest/latest, or a time (ISO date, time:EPOCH_MS, -1h). Without --to the replay stops at the end each partition had when it started, so it never chases new writes.

Order: each source partition's order is kept. Source partition N goes to target partition N when the target has it; beyond that, keyed records go where Kafka's default partitioner puts their key (murmur2) and keyless ones to N mod the target's partition count.

Pacing: --speed 1 keeps the original gaps between records, --speed 10 divides them by ten, max (the default) sends as fast as possible; --rate caps records per second. Neither topic is ever created: both must exist.

JSON: {"topic","toTopic","dryRun","partitions":[{"partition","startOffset","endOffset","records"}],"planned","replayed","elapsedMs"}; planned counts offsets in range, replayed the records sent.`;
  static override examples = [
    { description: 'Rebuild a projection from the whole event log', command: '<%= config.bin %> <%= command.id %> events --to-topic events-rebuild' },
    { description: 'One hour of traffic at ten times the speed', command: '<%= config.bin %> <%= command.id %> clicks --to-topic clicks-test --from 2026-11-24T09:00:00Z --to 2026-11-24T10:00:00Z --speed 10' },
    { description: 'How many records an offset range holds', command: '<%= config.bin %> <%= command.id %> orders --to-topic orders-copy --from 1000 --to 2000 --dry-run' },
  ];
  static override enableJsonFlag = true;
  static override args = { topic: Args.string({ description: 'Topic to read.', required: true }) };
  static override flags = {
    ...connectionFlags,
    'to-topic': Flags.string({ summary: 'Topic to publish to (must exist).', required: true }),
    from: Flags.string({ summary: 'First offset or time (inclusive).', default: 'earliest' }),
    to: Flags.string({ summary: 'End offset or time (exclusive); the end as of start when left out.' }),
    speed: Flags.string({ summary: 'Divide the original gaps by this factor, or "max".', default: 'max' }),
    rate: Flags.integer({ summary: 'At most this many records per second.', min: 1 }),
    partition: Flags.integer({ char: 'p', summary: 'Only this source partition (repeatable).', multiple: true, min: 0 }),
    'dry-run': Flags.boolean({ summary: 'Only count the records in range.' }),
  };

  async run(): Promise<ReplayResult> {
    const { args, flags } = await this.parse(Replay);
    const client = await import('../client/index.js');
    const nowMs = Date.now();
    const options = {
      topic: args.topic,
      toTopic: flags['to-topic'],
      from: client.parseReplayPosition(flags.from, nowMs),
      ...(flags.to === undefined ? {} : { to: client.parseReplayPosition(flags.to, nowMs) }),
      speed: client.parseSpeed(flags.speed),
      ...(flags.rate === undefined ? {} : { ratePerSecond: flags.rate }),
      ...(flags.partition === undefined ? {} : { partitions: flags.partition }),
      dryRun: Boolean(flags['dry-run']),
    };
    const bar = this.jsonEnabled() ? { update() {}, done() {} } : client.startProgressBar();
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const result = await client.withAdmin({ ...flags }, (admin, kafka) =>
        client.runReplay(kafka, admin, { ...options, signal: abort.signal }, bar.update),
      );
      bar.done();
      this.log(client.renderReplay(result));
      return result;
    } catch (error) {
      bar.done();
      throw error;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  }
}
