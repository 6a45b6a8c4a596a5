import { Flags } from '@oclif/core';
import { KgoCommand } from '../cli/base-command.js';
import { SERVE_FLAGS as S, serveProcessOptions } from '../cli/serve-options.js';

interface ServeResult {
  bootstrap: string;
  dataDir: string;
}

export default class Serve extends KgoCommand<ServeResult> {
  static override summary = 'Run a single-node Kafka-compatible broker in the foreground.';
  static override description = `Real Kafka clients (kafkajs, librdkafka/kcat, kafka-python, the Java client) connect to it unchanged.
Data is kept in --data-dir; produce with acks=all is answered only after an fsync, so a crash loses no acknowledged record.
Settings use Kafka's names (-c num.partitions=3, -c auto.create.topics.enable=false); --config reads a properties file.
Stop it with Ctrl-C (SIGINT) or SIGTERM: it flushes, closes and exits 0.`;

  static override examples = [
    { description: 'Start a broker on localhost:9092 with data in ~/.kgo/data', command: '<%= config.bin %> serve' },
    { description: 'A throwaway broker on another port', command: '<%= config.bin %> serve --port 19092 --data-dir /tmp/kgo-test' },
    { description: 'Three partitions per new topic, no auto-creation', command: '<%= config.bin %> serve -c num.partitions=3 -c auto.create.topics.enable=false' },
    { description: 'Reachable from other machines (no authentication yet!)', command: '<%= config.bin %> serve --host 0.0.0.0 --advertised-host myhost.local' },
  ];

  static override flags = {
    host: Flags.string({ summary: S.host.summary, default: S.host.default, env: S.host.env }),
    port: Flags.integer({ summary: S.port.summary, default: S.port.default, min: S.port.min, max: S.port.max, env: S.port.env }),
    'data-dir': Flags.string({ summary: S['data-dir'].summary, default: S['data-dir'].default, defaultHelp: async () => S['data-dir'].defaultHelp, env: S['data-dir'].env }),
    'advertised-host': Flags.string({ summary: S['advertised-host'].summary }),
    config: Flags.string({ summary: S.config.summary }),
    c: Flags.string({ char: S.c.char, summary: S.c.summary, multiple: S.c.multiple }),
  };

  async run(): Promise<ServeResult> {
    const { flags } = await this.parse(Serve);
    const { runServeProcess } = await import('../broker/index.js');
    return runServeProcess(serveProcessOptions(flags));
  }
}
