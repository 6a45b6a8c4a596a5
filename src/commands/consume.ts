import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../cli/index.js';
import type { ConsumeResult } from '../client/index.js';
import { UsageError } from '../common/index.js';

export default class Consume extends KgoCommand<ConsumeResult> {
  static override summary = 'Write records from topics to stdout, one per line.';
  static override description =
    'Reads from the beginning of each partition unless told otherwise (with -g: from the group\'s committed ' +
    'offsets). Without -g nothing is left on the cluster: kgo reads through a temporary consumer group that ' +
    'it deletes on exit. With -g it commits as it goes and, on exit, exactly up to the last record written.\n\n' +
    'Formats: %t topic, %p partition, %o offset, %k key, %v value, %T timestamp (ms), %d timestamp (ISO-8601), ' +
    '%h headers (k=v,k=v), %K/%V key/value length, escapes \\n \\t \\\\; or `json` for one JSON object a line.';
  static override examples = [
    { description: 'Everything in a topic, then exit', command: '<%= config.bin %> <%= command.id %> orders -e' },
    { description: 'The last 10 records of each partition, with keys', command: "<%= config.bin %> <%= command.id %> orders -o -10 -e -f '%k\\t%v\\n'" },
    { description: 'What arrived in the last hour, as JSON lines', command: '<%= config.bin %> <%= command.id %> orders -o @-1h -e -f json' },
    { description: 'As a consumer group, committing progress', command: '<%= config.bin %> <%= command.id %> orders -g billing' },
    { description: 'The first error found', command: '<%= config.bin %> <%= command.id %> logs --grep ERROR -n 1' },
  ];
  static override strict = false;
  static override args = { topic: Args.string({ description: 'Topics to read (one or more).', required: true }) };
  static override flags = {
    ...connectionFlags,
    offset: Flags.string({ char: 'o', summary: 'Where to start: beginning, end, stored, N, -N (N before the end) or @TIME (epoch ms, ISO-8601, -1h).' }),
    partition: Flags.string({ char: 'p', summary: 'Only these partitions, comma-separated.' }),
    count: Flags.integer({ char: 'n', summary: 'Exit after this many records.', min: 0 }),
    exit: Flags.boolean({ char: 'e', summary: 'Exit at the end of every partition (its end when the command started).' }),
    group: Flags.string({ char: 'g', summary: 'Consume as this consumer group, committing offsets.' }),
    format: Flags.string({ char: 'f', summary: 'Output format: a template or `json`.', default: '%v\\n' }),
    isolation: Flags.option({ summary: 'Transactional isolation.', options: ['read_committed', 'read_uncommitted'] as const, default: 'read_committed' as const })(),
    grep: Flags.string({ summary: 'Only records whose value matches this regular expression.' }),
  };

  async run(): Promise<ConsumeResult> {
    const { argv, flags } = await this.parse(Consume);
    const client = await import('../client/index.js');
    const topics = argv as string[];
    const settings = client.resolveSettings({ ...flags, verbose: flags.verbose });
    const format = client.compileOutputFormat(flags.format);
    const offset = flags.offset === undefined ? { kind: flags.group ? 'stored' : 'beginning' } as const : client.parseOffsetSpec(flags.offset);
    const partitions = flags.partition === undefined ? undefined : client.parsePartitionList(flags.partition);
    const grep = flags.grep === undefined ? undefined : compileGrep(flags.grep);
    const sink = new client.StreamSink(process.stdout);

    const kafka = await client.createKafka(settings);
    const admin = await client.connectAdmin(kafka, settings);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const plans = await client.planPartitions(admin, { topics, offset, partitions, group: flags.group });
      return await client.consumeRecords(kafka, admin, settings, {
        plans,
        format,
        write: (text) => sink.write(text),
        count: flags.count,
        exitAtEnd: flags.exit,
        group: flags.group,
        readUncommitted: flags.isolation === 'read_uncommitted',
        grep,
        signal: stop.signal,
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await admin.disconnect();
    }
  }
}

function compileGrep(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new UsageError(`--grep: ${(err as Error).message}`, 'pass a JavaScript regular expression');
  }
}
