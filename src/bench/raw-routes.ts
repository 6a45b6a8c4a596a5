/**
 * Where a topic's partitions live: metadata from the first bootstrap broker
 * that answers, then `connections` connections to each partition leader.
 */
import { UserError } from '../common/index.js';
import { ApiKey, BrokerError, RawClient } from './raw-client.js';

const UNKNOWN_TOPIC_OR_PARTITION = 3;
const LEADER_NOT_AVAILABLE = 5;
/** A topic the broker has just auto-created may have no leader for a moment. */
const METADATA_ATTEMPTS = 20;
const METADATA_RETRY_MS = 100;

export interface RouteOptions {
  brokers: string[];
  clientId: string;
  requestTimeoutMs: number;
  topic: string;
  /** Connections to each partition leader. */
  connections: number;
}

export interface PartitionRoute {
  partition: number;
  clients: RawClient[];
}

/** Finds each partition's leader (letting the broker auto-create the topic if allowed) and connects to the leaders. */
export async function routeTopic(options: RouteOptions, clients: RawClient[], allowAutoCreate: boolean): Promise<PartitionRoute[]> {
  const bootstrap = await connectAny(options);
  clients.push(bootstrap);
  const metadata = await topicMetadata(bootstrap, options.topic, allowAutoCreate);
  const addresses = new Map<number, string>((metadata.brokers as any[]).map((b) => [b.nodeId as number, `${b.host}:${b.port}`]));
  const byLeader = new Map<number, RawClient[]>();
  const routes: PartitionRoute[] = [];
  for (const p of metadata.partitions as any[]) {
    let leaderClients = byLeader.get(p.leaderId);
    if (leaderClients === undefined) {
      const address = addresses.get(p.leaderId);
      if (address === undefined) throw new BrokerError(`partition ${p.partitionIndex} has no known leader`);
      leaderClients = [];
      for (let i = 0; i < options.connections; i++) {
        const client = await RawClient.connect(address, options.clientId, options.requestTimeoutMs);
        clients.push(client);
        leaderClients.push(client);
      }
      byLeader.set(p.leaderId, leaderClients);
    }
    routes.push({ partition: p.partitionIndex, clients: leaderClients });
  }
  return routes.sort((a, b) => a.partition - b.partition);
}

async function connectAny(options: RouteOptions): Promise<RawClient> {
  let lastError: unknown;
  for (const address of options.brokers) {
    try {
      return await RawClient.connect(address, options.clientId, options.requestTimeoutMs);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function topicMetadata(client: RawClient, topic: string, allowAutoCreate: boolean): Promise<{ brokers: unknown[]; partitions: unknown[] }> {
  for (let attempt = 1; ; attempt++) {
    const answer = await client.request(
      ApiKey.metadata,
      { topics: [{ name: topic, topicId: Buffer.alloc(16) }], allowAutoTopicCreation: allowAutoCreate, includeTopicAuthorizedOperations: false },
      { allowErrors: [UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE] },
    );
    const t = (answer.topics as any[]).find((x) => x.name === topic);
    const ready = t !== undefined && t.errorCode === 0 && t.partitions.length > 0 && t.partitions.every((p: any) => p.errorCode === 0 && p.leaderId >= 0);
    if (ready) return { brokers: answer.brokers, partitions: t.partitions };
    const unknown = t?.errorCode === UNKNOWN_TOPIC_OR_PARTITION;
    if (attempt >= METADATA_ATTEMPTS || (unknown && !allowAutoCreate)) {
      if (unknown) {
        const what = allowAutoCreate ? 'does not exist and the broker did not create it' : 'does not exist';
        throw new UserError(`topic "${topic}" ${what}`, 'create it with `kgo topic create`', 1, 'TOPIC_NOT_FOUND');
      }
      throw new BrokerError(`topic "${topic}" has no leader for every partition`);
    }
    await new Promise((resolve) => setTimeout(resolve, METADATA_RETRY_MS));
  }
}

