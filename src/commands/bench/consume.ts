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
    'idle-ms': Flags.integer({ summary: 'Stop when no record arrives for this long.', default: 10_000, min: 100 }),
    compare: Flags.string({ summary: 'A previous `--json` result to print beside this one, with ratios.' }),
  };

  async run(): Promise<BenchOutput<ConsumeBenchResult>> {
    const { args, flags } = await this.parse(BenchConsume);
    const client = await import('../../client/bench.js');
    const previous = flags.compare === undefined ? undefined : { file: flags.compare, result: await client.readBenchResultFile(flags.compare) };
    const settings = client.resolveSettings({ ...flags, verbose: flags.verbose });
    const progress = await client.startBenchProgress(`consuming ${args.topic}`, !this.jsonEnabled());
    try {
      const kafka = await client.createKafka(settings);
      const options = { topic: args.topic, groupId: flags.group, records: flags.records, idleMs: flags['idle-ms'] };
      const result = await client.runConsumeBench(kafka, settings, options, progress);
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
