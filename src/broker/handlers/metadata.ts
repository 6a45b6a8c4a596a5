/**
 * Metadata (key 3), versions 0-12. This broker is the only node, the
 * controller, and the leader of every partition (epoch 0). Unknown topics
 * are created when the broker allows it and the request does (v4+), then
 * answered at once rather than with LEADER_NOT_AVAILABLE, so clients need no
 * retry. Not implemented: authorized operations (answered as "not provided").
 */
import { ErrorCode, ZERO_UUID } from '../../protocol/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';
import type { TopicRecord } from '../metadata/topic-store.js';
import { TopicProblem } from '../metadata/topics.js';
import { topicNameProblem } from '../metadata/topic-names.js';


export function describeTopic(ctx: RequestContext, t: TopicRecord): Body {
  const nodeId = ctx.broker.node.nodeId;
  const partitions = [];
  for (let p = 0; p < t.partitions; p++) {
    partitions.push({
      errorCode: 0,
      partitionIndex: p,
      leaderId: nodeId,
      leaderEpoch: 0,
      replicaNodes: [nodeId],
      isrNodes: [nodeId],
      offlineReplicas: [],
    });
  }
  return { errorCode: 0, name: t.name, topicId: t.id, isInternal: t.internal, partitions };
}

function missingTopic(name: string | null, errorCode: number): Body {
  return { errorCode, name, topicId: ZERO_UUID, isInternal: false, partitions: [] };
}

async function resolveTopic(ctx: RequestContext, name: string, mayCreate: boolean): Promise<Body> {
  const { topics, settings } = ctx.broker;
  const existing = topics.get(name);
  if (existing) return describeTopic(ctx, existing);
  if (topicNameProblem(name)) return missingTopic(name, ErrorCode.INVALID_TOPIC_EXCEPTION);
  if (!mayCreate || !settings.autoCreateTopics) return missingTopic(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  try {
    const created = await topics.create({ name, partitions: settings.numPartitions, replicationFactor: 1, configs: {} });
    ctx.broker.log(`created topic ${name} with ${created.partitions} partition(s) (auto.create.topics.enable)`);
    return describeTopic(ctx, created);
  } catch (err) {
    if (err instanceof TopicProblem) {
      // Two clients racing to auto-create the same topic: the loser sees it now.
      const raced = topics.get(name);
      return raced ? describeTopic(ctx, raced) : missingTopic(name, err.errorCode);
    }
    throw err;
  }
}

export const metadataHandler: ApiHandler = {
  apiKey: 3,
  minVersion: 0,
  maxVersion: 12,
  async handle(ctx, request) {
    const { broker } = ctx;
    const requested = request.topics as { name: string | null; topicId: string }[] | null;
    const allTopics = requested === null || (ctx.apiVersion === 0 && requested.length === 0);
    const mayCreate = ctx.apiVersion < 4 ? true : Boolean(request.allowAutoTopicCreation);
    let topics: Body[];
    if (allTopics) {
      topics = broker.topics.all().map((t) => describeTopic(ctx, t));
    } else {
      topics = [];
      for (const entry of requested) {
        if (entry.name === null || entry.name === undefined) {
          const byId = broker.topics.store.byId(entry.topicId);
          topics.push(byId ? describeTopic(ctx, byId) : { ...missingTopic(null, ErrorCode.UNKNOWN_TOPIC_ID), topicId: entry.topicId });
        } else {
          topics.push(await resolveTopic(ctx, entry.name, mayCreate));
        }
      }
    }
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: broker.node.nodeId, host: broker.node.host, port: broker.node.port, rack: null }],
      clusterId: broker.clusterId,
      controllerId: broker.node.nodeId,
      topics,
      clusterAuthorizedOperations: -2147483648,
    };
  },
};
