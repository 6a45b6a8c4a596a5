import * as os from 'node:os';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { KgoCommand } from '../cli/base-command.js';
import { UsageError } from '../common/index.js';

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
    host: Flags.string({ summary: 'Interface to listen on.', default: '127.0.0.1', env: 'KGO_SERVE_HOST' }),
    port: Flags.integer({ summary: 'Port to listen on (0 picks a free one).', default: 9092, min: 0, max: 65535, env: 'KGO_SERVE_PORT' }),
    'data-dir': Flags.string({ summary: 'Where topics are stored.', default: path.join(os.homedir(), '.kgo', 'data'), defaultHelp: async () => '~/.kgo/data', env: 'KGO_DATA_DIR' }),
    'advertised-host': Flags.string({ summary: 'Host name clients are told to connect to (default: the listen host).' }),
    config: Flags.string({ summary: 'Broker settings file (key=value lines, Kafka names).' }),
    c: Flags.string({ char: 'c', summary: 'A broker setting, key=value (repeatable).', multiple: true }),
  };

  async run(): Promise<ServeResult> {
    const { flags } = await this.parse(Serve);
    const { startBroker, parseProperties, parseSettingPairs } = await import('../broker/index.js');
    let settings: Record<string, string> = {};
    if (flags.config) {
      let text: string;
      try {
        text = readFileSync(flags.config, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read --config ${flags.config}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      settings = parseProperties(text);
    }
    settings = { ...settings, ...parseSettingPairs(flags.c ?? []) };
    if (flags.host === '0.0.0.0' || flags.host === '::') {
      process.stderr.write(`warning: listening on ${flags.host}: this broker has no authentication yet; anyone who can reach this port can read and write every topic\n`);
    }
    const broker = await startBroker({
      host: flags.host,
      port: flags.port,
      dataDir: flags['data-dir'],
      advertisedHost: flags['advertised-host'],
      settings,
    });
    // Handlers go in before the listening line: whoever reads it may signal at once.
    const stopped = new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) {
          // A second signal while closing means: stop now.
          process.exit(signal === 'SIGINT' ? 130 : 143);
        }
        stopping = true;
        process.stderr.write(`${signal}: flushing and closing\n`);
        broker.close().then(resolve, (err: Error) => {
          process.stderr.write(`error while closing: ${err.message}\n`);
          process.exitCode = 1;
          resolve();
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    process.stdout.write(`kgo broker listening on ${broker.host}:${broker.port} (data ${broker.dataDir})\n`);
    await stopped;
    return { bootstrap: broker.bootstrap, dataDir: broker.dataDir };
  }
}
