/**
 * A running broker: the data directory (locked), the topic catalogue and
 * logs, the group coordinator, and the listening socket, wired together.
 * `startBroker` is also the embedding API: tests of an application start one
 * in-process on a free port with a temporary data directory.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { systemClock, type Clock } from '../common/index.js';
import { LogManager, nodeFileSystem, type FileSystem } from '../storage/index.js';
import type { BrokerCore, NodeAddress } from './broker-core.js';
import { resolveBrokerSettings, type BrokerSettings } from './config.js';
import { GroupCoordinator } from './coordinator/index.js';
import { lockDataDir } from './data-dir-lock.js';
import { createHandlers } from './handlers/index.js';
import { OffsetsTopic } from './offsets-topic.js';
import { KafkaServer } from './server/server.js';
import { logConfigFor, Topics } from './metadata/topics.js';
import { TopicStore } from './metadata/topic-store.js';
import { BrokerConfigs, registerBrokerConfigs } from './metadata/broker-configs.js';
import { LogMaintenance } from './log-maintenance.js';
import { openTransactions, type Transactions, type TxnConfig, type WithTransactions } from './txn/index.js';

export interface BrokerOptions {
  /** Interface to listen on; loopback unless told otherwise. */
  host?: string;
  /** 0 picks a free port. Default 9092. */
  port?: number;
  /** Data directory; a temporary one (removed on close) when omitted. */
  dataDir?: string;
  /** Host name clients are told to connect to; defaults to the listen host. */
  advertisedHost?: string;
  /** Port clients are told to connect to (a proxy in front); defaults to the listening port. */
  advertisedPort?: number;
  /** Broker settings under Kafka's names, e.g. { 'num.partitions': '3' }. */
  settings?: Record<string, string>;
  /** Log lines for operators; default: stderr. */
  log?: (message: string) => void;
  clock?: Clock;
  fs?: FileSystem;
  /** Transaction coordinator settings (Kafka's transaction.* and producer.id.* defaults otherwise). */
  transactions?: Partial<TxnConfig>;
}

export interface RunningBroker {
  /** `host:port` to give to clients. */
  bootstrap: string;
  host: string;
  port: number;
  dataDir: string;
  close(): Promise<void>;
}

function defaultAdvertisedHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return os.hostname();
  return host;
}

class Broker implements BrokerCore, WithTransactions {
  constructor(
    readonly node: NodeAddress,
    readonly clusterId: string,
    readonly clock: Clock,
    readonly settings: BrokerSettings,
    readonly topics: Topics,
    readonly groups: GroupCoordinator,
    readonly transactions: Transactions,
    readonly log: (message: string) => void,
  ) {}
}

export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const clock = options.clock ?? systemClock;
  const fileSystem = options.fs ?? nodeFileSystem;
  // Refuse bad settings before the data directory is touched.
  resolveBrokerSettings(options.settings ?? {});
  const host = options.host ?? '127.0.0.1';
  const temporary = options.dataDir === undefined;
  const dataDir = path.resolve(options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kgo-broker-')));
  fs.mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  const cleanups: (() => Promise<void> | void)[] = [unlock];
  if (temporary) cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  try {
    // Static settings under the dynamic broker configs kept in meta/.
    const brokerConfigs = await BrokerConfigs.open(fileSystem, dataDir, options.settings ?? {});
    const settings = brokerConfigs.settings;
    const store = await TopicStore.open(fileSystem, dataDir);
    const logs = LogManager.open(dataDir, logConfigFor({ configs: {} }, settings), {
      fs: fileSystem,
      clock,
      log,
      configFor: (topic) => {
        const t = store.get(topic);
        return t ? logConfigFor(t, settings) : undefined;
      },
    });
    cleanups.push(() => logs.close());
    const topics = new Topics(store, logs, settings);
    await topics.removeStrays(log);
    const offsetsTopic = await OffsetsTopic.open(topics, settings);
    const groups = new GroupCoordinator({
      clock,
      config: {
        initialRebalanceDelayMs: settings.groupInitialRebalanceDelayMs,
        minSessionTimeoutMs: settings.groupMinSessionTimeoutMs,
        maxSessionTimeoutMs: settings.groupMaxSessionTimeoutMs,
        offsetsRetentionMs: settings.offsetsRetentionMs,
        offsetMetadataMaxBytes: settings.offsetMetadataMaxBytes,
        offsetsTopicPartitions: offsetsTopic.partitions,
      },
      store: offsetsTopic,
      log,
    });
    groups.load(await offsetsTopic.readAll());
    cleanups.push(() => groups.close());
    const txnConfig: Partial<TxnConfig> = {
      maxTimeoutMs: settings.transactionMaxTimeoutMs,
      transactionalIdExpirationMs: settings.transactionalIdExpirationMs,
      producerIdExpirationMs: settings.producerIdExpirationMs,
      abortCheckIntervalMs: settings.transactionAbortCheckIntervalMs,
      ...options.transactions,
    };
    const transactions = await openTransactions({ dataDir, fs: fileSystem, clock, topics, groups, config: txnConfig, log });
    cleanups.push(() => transactions.close());
    const node: NodeAddress = { nodeId: settings.nodeId, host: options.advertisedHost ?? defaultAdvertisedHost(host), port: options.port ?? 9092 };
    const broker = new Broker(node, store.clusterId, clock, settings, topics, groups, transactions, log);
    registerBrokerConfigs(broker, brokerConfigs);
    brokerConfigs.onChange = () => topics.reapplyConfigs();
    const maintenance = new LogMaintenance({
      logs,
      settings,
      clock,
      log,
      producerState: {
        lastStableOffset: (l) => transactions.lastStableOffset(l),
        abortedTransactions: (l, fromOffset, toOffset) => transactions.producerStates.of(l).abortedTransactions(fromOffset, toOffset),
        lastBatchOffsets: (l) => {
          const last = new Map<number, number>();
          for (const producer of transactions.producerStates.of(l).entries()) {
            const batch = producer.batches.at(-1);
            if (batch) last.set(producer.producerId, batch.firstOffset);
          }
          return last;
        },
      },
    });
    maintenance.start();
    cleanups.push(() => maintenance.stop());
    const handlers = createHandlers({ dataDir, givenSettings: options.settings ?? {} });
    const server = new KafkaServer(broker, handlers, {
      host,
      port: options.port ?? 9092,
      frameBytesMax: settings.requestFrameBytesMax,
      connectionsMax: settings.connectionsMax,
      idleMs: settings.connectionIdleMs,
    });
    const listenPort = await server.listen();
    node.port = options.advertisedPort ?? listenPort;
    cleanups.push(() => server.close());
    let closing: Promise<void> | undefined;
    return {
      bootstrap: `${node.host}:${node.port}`,
      host,
      port: listenPort,
      dataDir,
      close: () => (closing ??= cleanup()),
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
