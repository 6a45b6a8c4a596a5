import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../cli/index.js';
import type { ConsumeResult } from '../client/index.js';
import { UsageError } from '../common/index.js';

export default class Tail extends KgoCommand<ConsumeResult> {
  static override summary = 'Follow new records on topics as they arrive, like tail -f.';
  static override description =
    'Shows each record with its time, partition, offset, key and headers; JSON values are pretty-printed. ' +
    'Colour is used on a terminal unless NO_COLOR is set. Stop with Ctrl-C. Nothing is committed and no ' +
    'consumer group is left behind.';
  static override examples = [
    { description: 'Follow a topic', command: '<%= config.bin %> <%= command.id %> orders' },
    { description: 'Show the last 5 records of each partition first', command: '<%= config.bin %> <%= command.id %> orders -n 5' },
    { description: 'Only errors, from two topics', command: '<%= config.bin %> <%= command.id %> app-logs audit --grep "level\\":\\"error"' },
  ];
  static override strict = false;
  static override args = { topic: Args.string({ description: 'Topics to follow (one or more).', required: true }) };
  static override flags = {
    ...connectionFlags,
    lines: Flags.integer({ char: 'n', summary: 'Show the last N records of each partition first.', min: 0, default: 0 }),
    partition: Flags.string({ char: 'p', summary: 'Only these partitions, comma-separated.' }),
    grep: Flags.string({ summary: 'Only records whose value matches this regular expression.' }),
  };

  async run(): Promise<ConsumeResult> {
    const { argv, flags } = await this.parse(Tail);
    const client = await import('../client/index.js');
    const topics = argv as string[];
    const settings = client.resolveSettings({ ...flags, verbose: flags.verbose });
    const offset = flags.lines > 0 ? client.parseOffsetSpec(`-${flags.lines}`) : client.parseOffsetSpec('end');
    const partitions = flags.partition === undefined ? undefined : client.parsePartitionList(flags.partition);
    let grep: RegExp | undefined;
    try {
      grep = flags.grep === undefined ? undefined : new RegExp(flags.grep);
    } catch (err) {
      throw new UsageError(`--grep: ${(err as Error).message}`, 'pass a JavaScript regular expression');
    }
    const sink = new client.StreamSink(process.stdout);
    const format = client.tailFormatter({ color: process.stdout.isTTY === true && client.stdoutHasColor() });

    const kafka = await client.createKafka(settings);
    const admin = await client.connectAdmin(kafka, settings);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const plans = await client.planPartitions(admin, { topics, offset, partitions });
      return await client.consumeRecords(kafka, admin, settings, { plans, format, write: (text) => sink.write(text), grep, signal: stop.signal });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await admin.disconnect();
    }
  }
}
