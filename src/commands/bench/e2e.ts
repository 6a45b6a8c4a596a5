import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';
import type { BenchOutput, E2eBenchResult } from '../../client/bench.js';

export default class BenchE2e extends KgoCommand<BenchOutput<E2eBenchResult>> {
  static override summary = 'Measure produce-to-consume latency at a fixed rate.';
  static override description =
    'Produces --rate records a second for --duration while a consumer in the same process reads them back; ' +
    'each record carries its send time, and the consumer records the time until it arrives. The consumer ' +
    'starts at the end of the topic, so earlier records do not count. The topic must exist (exit status 1 ' +
    'otherwise). Records not received within --grace-ms of the last send are reported as not received.';
  static override examples = [
    { description: '30 s at 1,000 records/s', command: '<%= config.bin %> <%= command.id %> latency-topic --rate 1000 --duration 30s' },
    { description: 'As JSON, compared with an earlier run', command: '<%= config.bin %> <%= command.id %> latency-topic --rate 500 --duration 10s --json --compare before.json' },
  ];
  static override enableJsonFlag = true;
  static override args = { topic: Args.string({ description: 'Topic to write to and read from.', required: true }) };
  static override flags = {
    ...connectionFlags,
    rate: Flags.integer({ char: 'r', summary: 'Records per second.', required: true, min: 1, max: 1_000_000 }),
    duration: Flags.string({ char: 'd', summary: 'How long to produce: 30s, 500ms, 2m, or seconds.', required: true }),
    'record-size': Flags.integer({ char: 's', summary: 'Bytes per record value (at least 16: run id and send time).', default: 100, min: 16, max: 1024 * 1024 }),
    acks: Flags.option({ summary: 'Acknowledgements to wait for.', options: ['all', '1'] as const, default: 'all' as const })(),
    'grace-ms': Flags.integer({ summary: 'After the last send, how long to wait for records still on their way.', default: 5_000, min: 0 }),
    compare: Flags.string({ summary: 'A previous `--json` result (a file) to print beside this one, with the ratio this/previous per figure.' }),
  };

  async run(): Promise<BenchOutput<E2eBenchResult>> {
    const { args, flags } = await this.parse(BenchE2e);
    const client = await import('../../client/bench.js');
    const durationMs = client.parseBenchDurationMs(flags.duration);
    const previous = flags.compare === undefined ? undefined : { file: flags.compare, result: await client.readBenchResultFile(flags.compare) };
    const settings = client.resolveSettings({ ...flags, verbose: flags.verbose });
    const progress = await client.startBenchProgress(`end to end on ${args.topic}`, !this.jsonEnabled());
    try {
      const kafka = await client.createKafka(settings);
      const options = { topic: args.topic, ratePerSec: flags.rate, durationMs, recordSizeBytes: flags['record-size'], acks: flags.acks, graceMs: flags['grace-ms'] };
      const result = await client.runE2eBench(kafka, settings, options, progress);
      progress.stop();
      if (result.recordsLost > 0) this.warn(`${result.recordsLost} of ${result.recordsSent} records did not arrive within ${flags['grace-ms']} ms`);
      const out = client.benchOutput(result, client.e2eLine(result), previous);
      this.log(out.text);
      return out.json;
    } finally {
      progress.stop();
    }
  }
}
