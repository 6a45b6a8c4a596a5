/**
 * DescribeConfigs (key 32), versions 0-4, for topics (resource type 2) and
 * brokers (type 4: this node's id, or "" for the dynamic defaults of every
 * broker). Each config carries Kafka's source: TOPIC_CONFIG (1) when set on
 * the topic; otherwise the level its broker synonym is set at — a dynamic
 * broker config (2), a dynamic default (3), a `kgo serve` setting (4) — or
 * DEFAULT_CONFIG (5). Synonyms (v1+, when asked) list every level that is
 * set, the effective one first; v3+ adds the type and, when asked, the
 * documentation. Broker settings are read-only unless they can be altered
 * at runtime (the retention and log cleaner ones).
 */
import { ErrorCode } from '../../protocol/index.js';
import type { ApiHandler, Body, RequestContext } from './handler.js';
import { brokerSettingDefs, type SettingDef } from '../config.js';
import { brokerConfigsOf, type BrokerConfigs, type ConfigValue } from '../metadata/broker-configs.js';
import { ConfigSource, ConfigType, ResourceType, topicConfigDefs } from '../metadata/topic-configs.js';

interface Resource {
  resourceType: number;
  resourceName: string;
  configurationKeys: string[] | null;
}

interface Wanted {
  synonyms: boolean;
  documentation: boolean;
}

const SETTING_TYPES: Record<SettingDef['kind'], number> = {
  bool: ConfigType.boolean,
  int: ConfigType.int,
  long: ConfigType.long,
  double: ConfigType.double,
  string: ConfigType.string,
  list: ConfigType.list,
};

function wanted(keys: string[] | null, name: string): boolean {
  return keys === null || keys.length === 0 || keys.includes(name);
}

function result(r: Resource, configs: Body[], errorCode = 0, errorMessage: string | null = null): Body {
  return { errorCode, errorMessage, resourceType: r.resourceType, resourceName: r.resourceName, configs };
}

function entry(name: string, levels: ConfigValue[], readOnly: boolean, type: number, doc: string, want: Wanted, synonyms: Body[]): Body {
  const effective = levels[0]!;
  return {
    name,
    value: effective.value,
    readOnly,
    isDefault: effective.source === ConfigSource.default,
    configSource: effective.source,
    isSensitive: false,
    synonyms: want.synonyms ? synonyms : [],
    configType: type,
    documentation: want.documentation ? doc : null,
  };
}

function topicConfigs(ctx: RequestContext, r: Resource, configs: BrokerConfigs | undefined, want: Wanted): Body {
  const topic = ctx.broker.topics.get(r.resourceName);
  if (!topic) return result(r, [], ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic '${r.resourceName}' does not exist`);
  const out = Object.entries(topicConfigDefs)
    .filter(([name]) => wanted(r.configurationKeys, name))
    .map(([name, def]) => {
      const own = topic.configs[name];
      const synonym = def.brokerSynonym;
      let inherited: ConfigValue[] = [{ value: def.defaultValue(ctx.broker.settings), source: ConfigSource.default }];
      if (synonym && configs && brokerSettingDefs[synonym]) inherited = configs.levels(synonym);
      const levels = own !== undefined ? [{ value: own, source: ConfigSource.topic }, ...inherited] : inherited;
      // A default that the broker maps (ms from minutes, clamped longs) reads best in the topic's own terms.
      if (own === undefined && levels[0]!.source === ConfigSource.default) levels[0] = { ...levels[0]!, value: def.defaultValue(ctx.broker.settings) };
      const synonyms = levels.map((l) => ({ name: l.source === ConfigSource.topic ? name : synonym ?? name, value: l.value, source: l.source }));
      return entry(name, levels, false, def.type, def.doc, want, synonyms);
    });
  return result(r, out);
}

function brokerConfigs(ctx: RequestContext, r: Resource, configs: BrokerConfigs | undefined, given: Record<string, string>, want: Wanted): Body {
  const clusterDefault = r.resourceName === '';
  if (!clusterDefault && r.resourceName !== String(ctx.broker.node.nodeId)) {
    return result(r, [], ErrorCode.INVALID_REQUEST, `this broker is node ${ctx.broker.node.nodeId}; describe "${ctx.broker.node.nodeId}" or "" (the defaults of every broker)`);
  }
  const out: Body[] = [];
  for (const [name, def] of Object.entries(brokerSettingDefs)) {
    if (!wanted(r.configurationKeys, name)) continue;
    let levels: ConfigValue[] = configs?.levels(name) ?? [
      ...(given[name] !== undefined ? [{ value: given[name], source: ConfigSource.staticBroker }] : []),
      { value: def.default, source: ConfigSource.default },
    ];
    if (clusterDefault) {
      levels = levels.filter((l) => l.source === ConfigSource.dynamicDefaultBroker);
      if (levels.length === 0) continue;
    }
    out.push(entry(name, levels, !def.dynamic, SETTING_TYPES[def.kind], def.doc, want, levels.map((l) => ({ name, value: l.value, source: l.source }))));
  }
  return result(r, out);
}

export function describeConfigsHandler(givenSettings: Record<string, string>): ApiHandler {
  return {
    apiKey: 32,
    minVersion: 0,
    maxVersion: 4,
    handle(ctx, request) {
      const configs = brokerConfigsOf(ctx.broker);
      const want: Wanted = { synonyms: Boolean(request.includeSynonyms), documentation: Boolean(request.includeDocumentation) };
      const results = (request.resources as Resource[]).map((r) => {
        if (r.resourceType === ResourceType.topic) return topicConfigs(ctx, r, configs, want);
        if (r.resourceType === ResourceType.broker) return brokerConfigs(ctx, r, configs, givenSettings, want);
        return result(r, [], ErrorCode.INVALID_REQUEST, `resource type ${r.resourceType} is not supported`);
      });
      return { throttleTimeMs: 0, results };
    },
  };
}
