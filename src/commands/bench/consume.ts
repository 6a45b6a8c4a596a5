import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';
import type { BenchOutput, ConsumeBenchResult } from '../../client/bench.js';

export default class BenchConsume extends KgoCommand<BenchOutput<ConsumeBenchResult>> {
  static override summary = 'Measure consume throughput, like kafka-consumer-perf-test.';
  static override description =
    'Reads the topic from the beginning in a consumer group of one and prints kafka-consumer-perf-test\'s ' +
    'figures (MB is 2^20 bytes, as there). Without --records it reads up to the end of the topic as it was at ' +
    'the start. Without --group a throwaway group is used and deleted afterwards. A missing topic is an error ' +
    '(exit status 1). If no record arrives for --idle-ms, it stops and says so.';
  static override examples = [
    { description: 'Read everything produced so far', command: '<%= config.bin %> <%= command.id %> bench-topic' },
    { description: 'The first million records, as JSON', command: '<%= config.bin %> <%= command.id %> bench-topic --records 1000000 --json' },
  ];
  static override enableJsonFlag = true;
  static override args = { topic: Args.string({ description: 'Topic to read.', required: true }) };
  static override flags = {
    ...connectionFlags,
    group: Flags.string({ char: 'g', summary: 'Consumer group id (commits its offsets).' }),
    records: Flags.integer({ char: 'n', summary: 'Stop after this many records.', min: 1 }),
    engine: Flags.option({
      summary: 'kafkajs (what a Node application sees) or raw (the broker\'s fetch capacity; no group, bytes are whole batches).',
      options: ['kafkajs', 'raw'] as const,
      default: 'kafkajs' as const,
    })(),
    'idle-ms': Flags.integer({ summary: 'Stop when no record arrives for this long.', default: 10_000, min: 100 }),
    compare: Flags.string({ summary: 'A previous `--json` result (a file) to print beside this one, with the ratio this/previous per figure.' }),
  };

  async run(): Promise<BenchOutput<ConsumeBenchResult>> {
    const { args, flags } = await this.parse(BenchConsume);
    const client = await import('../../client/bench.js');
    const previous = flags.compare === undefined ? undefined : { file: flags.compare, result: await client.readBenchResultFile(flags.compare) };
    const settings = client.resolveSettings({ ...flags, verbose: flags.verbose });
    if (flags.engine === 'raw' && flags.group !== undefined) throw new client.UsageError('--engine raw reads without a consumer group; drop --group');
    if (flags.engine === 'raw' && (settings.tls || settings.sasl)) {
      throw new client.UsageError('--engine raw speaks plaintext only (no TLS, no SASL)', 'use the default kafkajs engine for this cluster');
    }
    const progress = await client.startBenchProgress(`consuming ${args.topic}`, !this.jsonEnabled());
    try {
      const options = { topic: args.topic, groupId: flags.group, records: flags.records, idleMs: flags['idle-ms'] };
      const result =
        flags.engine === 'raw'
          ? await runRaw(settings, options, progress)
          : await client.runConsumeBench(await client.createKafka(settings), settings, options, progress);
      progress.stop();
      if (!result.complete) {
        this.warn(`stopped before reading the expected records: nothing arrived for ${flags['idle-ms']} ms`);
      }
      const out = client.benchOutput(result, client.consumerLines(result), previous);
      this.log(out.text);
      return out.json;
    } finally {
      progress.stop();
    }
  }
}

async function runRaw(
  settings: import('../../client/bench.js').ConnectionSettings,
  options: import('../../client/bench.js').ConsumeBenchOptions,
  progress: import('../../client/bench.js').BenchProgress,
): Promise<ConsumeBenchResult> {
  const client = await import('../../client/bench.js');
  const raw = await import('../../bench/index.js');
  const meter = await client.createConsumeMeter(options.topic, progress);
  const consumer = await raw.RawConsumer.open({
    brokers: settings.brokers,
    clientId: settings.clientId,
    requestTimeoutMs: settings.requestTimeoutMs,
    topic: options.topic,
    connections: 1,
    records: options.records,
    idleMs: options.idleMs,
    onFetch: (records, bytes, latencyMs) => meter.onFetch(records, bytes, latencyMs),
  });
  try {
    const startTimeMs = Date.now();
    const outcome = await meter.during(() => consumer.run());
    // Waiting out --idle-ms is not reading: the run ends with the last record.
    const endTimeMs = outcome.complete ? Date.now() : Math.max(startTimeMs, Date.now() - (performance.now() - outcome.lastRecordMs));
    return meter.result('raw', startTimeMs, endTimeMs, outcome.complete);
  } finally {
    consumer.close();
  }
}
