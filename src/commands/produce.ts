import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../cli/index.js';
import type { ProduceResult } from '../client/index.js';

export default class Produce extends KgoCommand<ProduceResult> {
  static override summary = 'Send records read from stdin (one per line) to a topic.';
  static override description =
    'Each input line becomes one record. With -K the line is split into key and value at the first ' +
    'delimiter; with a template such as -f "%k=%v" each line is matched against it; with -f json each line is a JSON record as written by `kgo consume -f json`, so the two ' +
    'commands copy topics losslessly. Exits non-zero if any record was not delivered. Whether a missing ' +
    'topic is created follows the broker\'s auto-create setting.';
  static override examples = [
    { description: 'One record per line', command: 'seq 1 100 | <%= config.bin %> <%= command.id %> numbers' },
    { description: 'Keys and values separated by a colon', command: 'echo "user-1:logged in" | <%= config.bin %> <%= command.id %> events -K :' },
    { description: 'Copy a topic, keeping keys, headers, timestamps and partitions', command: '<%= config.bin %> consume src -e -f json | <%= config.bin %> <%= command.id %> dst -f json --keep-partition' },
    { description: 'Key, partition and value from each line', command: "printf 'user-1 0 hello\\n' | <%= config.bin %> <%= command.id %> events -f '%k %p %v'" },
    { description: 'A file, zstd-compressed, at most 500 records a second', command: '<%= config.bin %> <%= command.id %> logs --file app.log -z zstd --rate 500' },
  ];
  static override args = { topic: Args.string({ description: 'Topic to write to.', required: true }) };
  static override flags = {
    ...connectionFlags,
    file: Flags.string({ summary: 'Read records from this file instead of stdin.' }),
    format: Flags.string({
      char: 'f',
      summary: 'Input format: `json` (one record object a line) or a template such as `%k=%v` (%k %v %h %p %T).',
      default: '%v\\n',
    }),
    'key-delimiter': Flags.string({ char: 'K', summary: 'Split each line into key and value at the first occurrence of this string (\\t allowed).' }),
    header: Flags.string({ char: 'H', summary: 'Add a header key=value to every record (repeatable).', multiple: true }),
    partition: Flags.integer({ char: 'p', summary: 'Send every record to this partition.', min: 0 }),
    'keep-partition': Flags.boolean({ summary: 'With -f json, send each record to the partition it names.' }),
    acks: Flags.option({ summary: 'Acknowledgements to wait for.', options: ['all', '1', '0'] as const, default: 'all' as const })(),
    compression: Flags.option({ char: 'z', summary: 'Compression codec.', options: ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const, default: 'none' as const })(),
    rate: Flags.integer({ summary: 'Send at most this many records per second.', min: 1 }),
  };

  async run(): Promise<ProduceResult> {
    const { args, flags } = await this.parse(Produce);
    const client = await import('../client/index.js');
    const settings = client.resolveSettings({ ...flags, verbose: flags.verbose });
    const headers = client.parseHeaderFlags(flags.header ?? []);
    const keyDelimiter = flags['key-delimiter'] === undefined ? undefined : client.unescapeDelimiter(flags['key-delimiter']);
    const input = flags.file === undefined ? process.stdin : await openFile(flags.file);

    const kafka = await client.createKafka(settings);
    const { default: kafkajs } = await import('kafkajs');
    const producer = await client.connectWithin(kafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner }), settings);
    const progress = await startProgress(args.topic, input === process.stdin && process.stdin.isTTY === true);
    try {
      const result = await client.produceRecords(producer, {
        topic: args.topic,
        input,
        format: flags.format,
        keyDelimiter,
        headers,
        partition: flags.partition,
        keepPartition: flags['keep-partition'] || (flags.format !== 'json' && flags.format.includes('%p')),
        acks: flags.acks,
        compression: flags.compression,
        ratePerSec: flags.rate,
        onProgress: progress.update,
      });
      progress.succeed(`${result.recordsSent} record(s) sent to ${args.topic} in ${(result.elapsedMs / 1000).toFixed(1)} s`);
      return result;
    } catch (err) {
      progress.fail();
      throw err;
    } finally {
      await producer.disconnect();
      if (input !== process.stdin) input.destroy();
    }
  }
}

async function openFile(path: string) {
  const { createReadStream } = await import('node:fs');
  const { UserError } = await import('../common/index.js');
  const stream = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(new UserError(`cannot read ${path}: ${err.message}`)));
  });
  return stream;
}

interface Progress {
  update(recordsSent: number): void;
  succeed(text: string): void;
  fail(): void;
}

/**
 * A spinner on stderr when a person is watching; nothing at all in a pipe.
 * While the person types the records, only the summary at the end.
 */
async function startProgress(topic: string, typing: boolean): Promise<Progress> {
  if (!process.stderr.isTTY) return { update() {}, succeed() {}, fail() {} };
  // ora redraws forever on a terminal that reports no width (some ptys do).
  if (typing || !(process.stderr.columns > 0)) return { update() {}, succeed: (text) => process.stderr.write(`${text}\n`), fail() {} };
  const { default: ora } = await import('ora');
  const spinner = ora({ text: `producing to ${topic}`, stream: process.stderr }).start();
  let lastMs = 0;
  return {
    update(recordsSent) {
      const nowMs = Date.now();
      if (nowMs - lastMs < 100) return;
      lastMs = nowMs;
      spinner.text = `producing to ${topic}: ${recordsSent} record(s) sent`;
    },
    succeed: (text) => spinner.succeed(text),
    fail: () => spinner.stop(),
  };
}
