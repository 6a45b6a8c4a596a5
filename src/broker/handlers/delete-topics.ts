/**
 * DeleteTopics (key 20), versions 0-6 (by name, and by topic id in v6). The
 * topic leaves the catalogue first, then its partition directories are
 * removed. Internal topics cannot be deleted.
 */
import { ErrorCode, ZERO_UUID } from '../../protocol/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';
import { INTERNAL_TOPICS } from '../metadata/topic-names.js';


async function deleteOne(ctx: RequestContext, name: string | null, topicId: string): Promise<Body> {
  const { topics } = ctx.broker;
  const topic = name !== null ? topics.get(name) : topics.store.byId(topicId);
  if (!topic) {
    return { name, topicId, errorCode: name !== null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.UNKNOWN_TOPIC_ID, errorMessage: null };
  }
  if (INTERNAL_TOPICS.has(topic.name)) {
    return { name: topic.name, topicId: topic.id, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: `${topic.name} is internal to the broker` };
  }
  await topics.delete(topic.name);
  ctx.broker.log(`deleted topic ${topic.name}`);
  return { name: topic.name, topicId: topic.id, errorCode: 0, errorMessage: null };
}

export const deleteTopicsHandler: ApiHandler = {
  apiKey: 20,
  minVersion: 0,
  maxVersion: 6,
  async handle(ctx, request) {
    const wanted: { name: string | null; topicId: string }[] =
      ctx.apiVersion >= 6
        ? (request.topics as { name: string | null; topicId: string }[])
        : (request.topicNames as string[]).map((name) => ({ name, topicId: ZERO_UUID }));
    const responses: Body[] = [];
    for (const w of wanted) responses.push(await deleteOne(ctx, w.name, w.topicId));
    return { throttleTimeMs: 0, responses };
  },
};
