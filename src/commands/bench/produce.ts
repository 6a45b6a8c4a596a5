import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';
import type { BenchOutput, ProduceBenchOptions, ProduceBenchResult } from '../../client/bench.js';

export default class BenchProduce extends KgoCommand<BenchOutput<ProduceBenchResult>> {
  static override summary = 'Measure produce throughput and latency, like kafka-producer-perf-test.';
  static override description =
    'Sends --records records of --record-size bytes and prints the figures in the shape of Kafka\'s ' +
    'kafka-producer-perf-test (MB is 2^20 bytes, as there), with a line every 5 s on a terminal. A record\'s ' +
    'latency is the ack time minus the send time of its batch. The kafkajs engine measures what a Node ' +
    'application sees; --engine raw sends pre-built batches through kgo\'s own codec and measures the broker. ' +
    'Whether a missing topic is created follows the broker\'s auto-create setting.';
  static override examples = [
    { description: 'A million 100-byte records, as fast as possible', command: '<%= config.bin %> <%= command.id %> bench-topic --records 1000000 --record-size 100' },
    { description: 'At 5,000 records/s, acks=1, zstd', command: '<%= config.bin %> <%= command.id %> bench-topic --records 100000 --record-size 512 --throughput 5000 --acks 1 -z zstd' },
    { description: 'The broker\'s capacity, then compare with a saved run', command: '<%= config.bin %> <%= command.id %> t --records 2000000 --record-size 100 --engine raw --json > raw.json' },
  ];
  static override enableJsonFlag = true;
  static override args = { topic: Args.string({ description: 'Topic to write to.', required: true }) };
  static override flags = {
    ...connectionFlags,
    records: Flags.integer({ char: 'n', summary: 'Number of records to send.', required: true, min: 1 }),
    'record-size': Flags.integer({ char: 's', summary: 'Bytes per record value.', required: true, min: 1, max: 16 * 1024 * 1024 }),
    throughput: Flags.integer({ summary: 'Records per second across all producers; -1 for as fast as possible.', default: -1, min: -1 }),
    acks: Flags.option({ summary: 'Acknowledgements to wait for.', options: ['all', '1', '0'] as const, default: 'all' as const })(),
    compression: Flags.option({ char: 'z', summary: 'Compression codec.', options: ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const, default: 'none' as const })(),
    'batch-size': Flags.integer({ summary: 'Records per send (per produce request with --engine raw).', default: 1_000, min: 1, max: 100_000 }),
    'linger-ms': Flags.integer({ summary: 'With --throughput, how long a partial batch waits to fill before it is sent.', default: 5, min: 0, max: 60_000 }),
    producers: Flags.integer({ char: 'P', summary: 'Producers (connections) sending at once.', default: 1, min: 1, max: 64 }),
    'in-flight': Flags.integer({ summary: 'Sends in flight per producer.', default: 4, min: 1, max: 64 }),
    engine: Flags.option({ summary: 'kafkajs (what a Node application sees) or raw (the broker\'s capacity).', options: ['kafkajs', 'raw'] as const, default: 'kafkajs' as const })(),
    compare: Flags.string({ summary: 'A previous `--json` result (a file) to print beside this one, with the ratio this/previous per figure.' }),
  };

  async run(): Promise<BenchOutput<ProduceBenchResult>> {
    const { args, flags } = await this.parse(BenchProduce);
    const client = await import('../../client/bench.js');
    if (flags.throughput === 0) throw new client.UsageError('--throughput must be positive, or -1 for as fast as possible');
    const previous = flags.compare === undefined ? undefined : { file: flags.compare, result: await client.readBenchResultFile(flags.compare) };
    const settings = client.resolveSettings({ ...flags, verbose: flags.verbose });
    const options: ProduceBenchOptions = {
      topic: args.topic,
      records: flags.records,
      recordSizeBytes: flags['record-size'],
      throughputPerSec: flags.throughput,
      acks: flags.acks,
      compression: flags.compression,
      batchRecords: flags['batch-size'],
      lingerMs: flags['linger-ms'],
      producers: flags.producers,
      inFlight: flags['in-flight'],
    };
    if (flags.engine === 'raw' && (settings.tls || settings.sasl)) {
      throw new client.UsageError('--engine raw speaks plaintext only (no TLS, no SASL)', 'use the default kafkajs engine for this cluster');
    }
    const progress = await client.startBenchProgress(`producing to ${args.topic}`, !this.jsonEnabled());
    try {
      const result = flags.engine === 'raw' ? await runRaw(settings, options, progress) : await client.runProduceBench(await client.createKafka(settings), settings, options, progress);
      progress.stop();
      const out = client.benchOutput(result, client.producerTotalLine(result), previous);
      this.log(out.text);
      return out.json;
    } finally {
      progress.stop();
    }
  }
}

async function runRaw(
  settings: import('../../client/bench.js').ConnectionSettings,
  options: ProduceBenchOptions,
  progress: import('../../client/bench.js').BenchProgress,
): Promise<ProduceBenchResult> {
  const client = await import('../../client/bench.js');
  const raw = await import('../../bench/index.js');
  const meter = await client.createProduceMeter(options, progress);
  const producer = await raw.RawProducer.open({
    brokers: settings.brokers,
    clientId: settings.clientId,
    requestTimeoutMs: settings.requestTimeoutMs,
    topic: options.topic,
    recordSizeBytes: options.recordSizeBytes,
    acks: options.acks === 'all' ? -1 : options.acks === '1' ? 1 : 0,
    compression: client.compressionCode(options.compression),
    connections: options.producers,
    inFlight: options.inFlight,
    nextBatch: () => meter.next(),
    onAck: (records, latencyMs) => meter.ack(records, latencyMs),
  });
  const startMs = performance.now();
  try {
    await meter.during(() =>
      producer.run().catch((err: unknown) => {
        meter.stop();
        throw err;
      }),
    );
  } finally {
    producer.close();
  }
  return meter.result('raw', performance.now() - startMs);
}
