/**
 * DescribeConfigs (key 32), versions 0-4, for topics (resource type 2) and
 * this broker (type 4). A topic config set on the topic has source
 * TOPIC_CONFIG (1), otherwise DEFAULT_CONFIG (5); synonyms (v1+) name the
 * broker setting a topic config falls back to.
 * Not yet: broker settings other than defaults are reported as static (4)
 * only when given to `kgo serve`; altering configs is a separate API.
 */
import { ErrorCode } from '../../protocol/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';
import { topicConfigDefs, ConfigSource, ResourceType } from '../metadata/topic-configs.js';
import { brokerSettingDefs } from '../config.js';


interface Resource {
  resourceType: number;
  resourceName: string;
  configurationKeys: string[] | null;
  includeSynonyms: boolean;
}

function wanted(keys: string[] | null, name: string): boolean {
  return keys === null || keys.length === 0 || keys.includes(name);
}

function topicConfigs(ctx: RequestContext, r: Resource): Body {
  const topic = ctx.broker.topics.get(r.resourceName);
  if (!topic) {
    return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `topic '${r.resourceName}' does not exist`, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] };
  }
  const configs = Object.entries(topicConfigDefs)
    .filter(([name]) => wanted(r.configurationKeys, name))
    .map(([name, def]) => {
      const own = topic.configs[name];
      const fallback = def.defaultValue(ctx.broker.settings);
      const synonyms = [];
      if (own !== undefined) synonyms.push({ name, value: own, source: ConfigSource.topic });
      if (def.brokerSynonym) synonyms.push({ name: def.brokerSynonym, value: fallback, source: ConfigSource.default });
      return {
        name,
        value: own ?? fallback,
        readOnly: false,
        isDefault: own === undefined,
        configSource: own !== undefined ? ConfigSource.topic : ConfigSource.default,
        isSensitive: false,
        synonyms: r.includeSynonyms ? synonyms : [],
        configType: 0,
        documentation: null,
      };
    });
  return { errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName, configs };
}

function brokerConfigs(ctx: RequestContext, r: Resource, given: Record<string, string>): Body {
  const configs = Object.entries(brokerSettingDefs)
    .filter(([name]) => wanted(r.configurationKeys, name))
    .map(([name, def]) => {
      const set = given[name];
      return {
        name,
        value: set ?? def.default,
        readOnly: true,
        isDefault: set === undefined,
        configSource: set !== undefined ? ConfigSource.staticBroker : ConfigSource.default,
        isSensitive: false,
        synonyms: [],
        configType: 0,
        documentation: r.includeSynonyms ? def.doc : null,
      };
    });
  return { errorCode: 0, errorMessage: null, resourceType: r.resourceType, resourceName: r.resourceName, configs };
}

export function describeConfigsHandler(givenSettings: Record<string, string>): ApiHandler {
  return {
    apiKey: 32,
    minVersion: 0,
    maxVersion: 4,
    handle(ctx, request) {
      const results = (request.resources as Resource[]).map((r) => {
        if (r.resourceType === ResourceType.topic) return topicConfigs(ctx, r);
        if (r.resourceType === ResourceType.broker) return brokerConfigs(ctx, r, givenSettings);
        return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `resource type ${r.resourceType} is not supported`, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] };
      });
      return { throttleTimeMs: 0, results };
    },
  };
}
