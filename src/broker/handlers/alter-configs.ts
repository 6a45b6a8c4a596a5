/**
 * AlterConfigs (key 33, versions 0-2) and IncrementalAlterConfigs (key 44,
 * versions 0-1) for topics and brokers: values are checked against Kafka's
 * names and allowed values (ErrorCode.INVALID_CONFIG naming the key),
 * persisted atomically, and applied without a restart. AlterConfigs
 * replaces the resource's whole set; the incremental form SETs, DELETEs,
 * APPENDs or SUBTRACTs single keys (list-valued keys only for the last two).
 * A broker resource is this node's id (its own dynamic configs) or ""
 * (the dynamic defaults of every broker); only the settings marked dynamic
 * (retention and log cleaner) may change, the others are refused as
 * read-only.
 */
import { UsageError } from '../../common/index.js';
import { ErrorCode } from '../../protocol/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';
import { brokerConfigsOf, type DynamicScope } from '../metadata/broker-configs.js';
import { topicConfigProblem, ResourceType } from '../metadata/topic-configs.js';

const LIST_CONFIGS = new Set(['cleanup.policy', 'log.cleanup.policy']);

type Validate = (name: string, value: string | null) => string | undefined;

const enum Op {
  Set = 0,
  Delete = 1,
  Append = 2,
  Subtract = 3,
}

interface Change {
  name: string;
  value: string | null;
  op: Op;
}

class ConfigProblem extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

function applyChanges(current: Record<string, string>, changes: Change[], replaceAll: boolean, validate: Validate): Record<string, string> {
  const next: Record<string, string> = replaceAll ? {} : { ...current };
  for (const c of changes) {
    if (c.op === Op.Delete || c.value === null) {
      const problem = validate(c.name, null);
      if (problem) throw new ConfigProblem(ErrorCode.INVALID_CONFIG, problem);
      delete next[c.name];
      continue;
    }
    let value = c.value;
    if (c.op === Op.Append || c.op === Op.Subtract) {
      if (!LIST_CONFIGS.has(c.name)) throw new ConfigProblem(ErrorCode.INVALID_CONFIG, `${c.name} is not a list: APPEND and SUBTRACT apply to list configs only`);
      const items = (next[c.name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const given = value.split(',').map((s) => s.trim()).filter(Boolean);
      const result = c.op === Op.Append ? [...items, ...given.filter((g) => !items.includes(g))] : items.filter((i) => !given.includes(i));
      value = result.join(',');
    } else if (c.op !== Op.Set) {
      throw new ConfigProblem(ErrorCode.INVALID_REQUEST, `unknown config operation ${c.op as number}`);
    }
    const problem = validate(c.name, value);
    if (problem) throw new ConfigProblem(ErrorCode.INVALID_CONFIG, problem);
    next[c.name] = value;
  }
  return next;
}

async function alterBroker(ctx: RequestContext, r: { resourceType: number; resourceName: string }, changes: Change[], replaceAll: boolean, validateOnly: boolean): Promise<Body> {
  const base = { resourceType: r.resourceType, resourceName: r.resourceName };
  const configs = brokerConfigsOf(ctx.broker);
  const nodeId = String(ctx.broker.node.nodeId);
  if (!configs) return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'broker configs are static here: restart kgo serve with -c key=value' };
  if (r.resourceName !== '' && r.resourceName !== nodeId) {
    return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `this broker is node ${nodeId}; alter "${nodeId}" or "" (the defaults of every broker)` };
  }
  const scope: DynamicScope = r.resourceName === '' ? 'default' : 'broker';
  const next = applyChanges(configs.dynamicValues(scope), changes, replaceAll, (name, value) => configs.problem(name, value));
  if (!validateOnly) {
    try {
      await configs.replace(scope, next);
    } catch (err) {
      if (err instanceof UsageError) throw new ConfigProblem(ErrorCode.INVALID_CONFIG, err.message);
      throw err;
    }
    ctx.broker.log(`broker configs (${scope === 'default' ? 'every broker' : `node ${nodeId}`}): ${JSON.stringify(next)}`);
  }
  return { ...base, errorCode: 0, errorMessage: null };
}

async function alterResource(ctx: RequestContext, r: { resourceType: number; resourceName: string }, changes: Change[], replaceAll: boolean, validateOnly: boolean): Promise<Body> {
  const base = { resourceType: r.resourceType, resourceName: r.resourceName };
  try {
    if (r.resourceType === ResourceType.broker) return await alterBroker(ctx, r, changes, replaceAll, validateOnly);
    if (r.resourceType !== ResourceType.topic) return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `resource type ${r.resourceType} is not supported` };
    const topic = ctx.broker.topics.get(r.resourceName);
    if (!topic) return { ...base, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `topic '${r.resourceName}' does not exist` };
    const next = applyChanges(topic.configs, changes, replaceAll, topicConfigProblem);
    if (!validateOnly) {
      await ctx.broker.topics.setConfigs(topic.name, next);
      ctx.broker.log(`topic ${topic.name} configs: ${JSON.stringify(next)}`);
    }
    return { ...base, errorCode: 0, errorMessage: null };
  } catch (err) {
    if (err instanceof ConfigProblem) return { ...base, errorCode: err.errorCode, errorMessage: err.message };
    throw err;
  }
}

export const alterConfigsHandler: ApiHandler = {
  apiKey: 33,
  minVersion: 0,
  maxVersion: 2,
  async handle(ctx, request) {
    const responses: Body[] = [];
    for (const r of request.resources as { resourceType: number; resourceName: string; configs: { name: string; value: string | null }[] }[]) {
      const changes = r.configs.map((c) => ({ name: c.name, value: c.value, op: Op.Set }));
      responses.push(await alterResource(ctx, r, changes, true, Boolean(request.validateOnly)));
    }
    return { throttleTimeMs: 0, responses };
  },
};

export const incrementalAlterConfigsHandler: ApiHandler = {
  apiKey: 44,
  minVersion: 0,
  maxVersion: 1,
  async handle(ctx, request) {
    const responses: Body[] = [];
    for (const r of request.resources as { resourceType: number; resourceName: string; configs: { name: string; configOperation: number; value: string | null }[] }[]) {
      const changes = r.configs.map((c) => ({ name: c.name, value: c.value, op: c.configOperation as Op }));
      responses.push(await alterResource(ctx, r, changes, false, Boolean(request.validateOnly)));
    }
    return { throttleTimeMs: 0, responses };
  },
};
