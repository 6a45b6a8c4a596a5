#!/usr/bin/env node
// Writes src/protocol/messages/*.ts from Kafka's JSON message definitions.
// The output is kgo's own schema form (src/protocol/schema.ts); the JSON is read
// for facts only and never copied. Run when adding an API or a version:
//   node scripts/gen-messages.mjs [path/to/kafka-protocol/messages]
// test/protocol/conformance.test.ts checks the result against the same JSON.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.resolve(process.argv[2] ?? path.join(repoRoot, '..', 'shared', 'kafka-protocol', 'messages'));
const outDir = path.join(repoRoot, 'src', 'protocol', 'messages');

/** Every API kgo describes, by Kafka's API name. */
const APIS = [
  'Produce', 'Fetch', 'ListOffsets', 'Metadata', 'OffsetCommit', 'OffsetFetch', 'FindCoordinator',
  'JoinGroup', 'Heartbeat', 'LeaveGroup', 'SyncGroup', 'DescribeGroups', 'ListGroups', 'SaslHandshake',
  'ApiVersions', 'CreateTopics', 'DeleteTopics', 'DeleteRecords', 'InitProducerId', 'OffsetForLeaderEpoch',
  'AddPartitionsToTxn', 'AddOffsetsToTxn', 'EndTxn', 'WriteTxnMarkers', 'TxnOffsetCommit', 'DescribeAcls',
  'CreateAcls', 'DeleteAcls', 'DescribeConfigs', 'AlterConfigs', 'DescribeLogDirs', 'SaslAuthenticate',
  'CreatePartitions', 'DeleteGroups', 'IncrementalAlterConfigs', 'AlterPartitionReassignments',
  'ListPartitionReassignments', 'OffsetDelete', 'DescribeCluster', 'DescribeProducers',
  'DescribeTransactions', 'ListTransactions',
];

const PRIMITIVES = new Set([
  'bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'uuid', 'string', 'bytes', 'records',
]);
const NUMERIC = new Set(['int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64']);

function readDefinition(file) {
  const text = fs.readFileSync(path.join(sourceDir, file), 'utf8');
  const json = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  return JSON.parse(json);
}

const camel = (name) => name.charAt(0).toLowerCase() + name.slice(1);
const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

function mapType(type) {
  if (PRIMITIVES.has(type)) return { type };
  if (type.startsWith('[]')) {
    const element = type.slice(2);
    return PRIMITIVES.has(element) ? { type } : { type: '[]struct', struct: element };
  }
  return { type: 'struct', struct: type };
}

function mapDefault(type, raw) {
  if (typeof raw !== 'string') return raw;
  if (NUMERIC.has(type)) {
    const n = Number(raw);
    if (Number.isNaN(n)) throw new Error(`bad numeric default ${raw}`);
    return n;
  }
  if (type === 'bool') return raw === 'true';
  return raw === 'null' ? null : raw;
}

const literal = (value) => (typeof value === 'string' ? `'${value.replace(/'/g, "\\'")}'` : String(value));

/** Renders one field, recursing into struct fields (inline or from commonStructs). */
function renderField(f, common, indent) {
  const { type, struct } = mapType(f.type);
  const options = [];
  if (f.nullableVersions !== undefined) options.push(`nullable: '${f.nullableVersions}'`);
  if (f.tag !== undefined) options.push(`tag: ${f.tag}`);
  if (f.taggedVersions !== undefined) options.push(`tagged: '${f.taggedVersions}'`);
  if (f.flexibleVersions !== undefined) options.push(`flexible: '${f.flexibleVersions}'`);
  if (f.default !== undefined) options.push(`default: ${literal(mapDefault(f.type, f.default))}`);
  const head = `field('${camel(f.name)}', '${type}', '${f.versions}'`;
  if (struct === undefined) {
    return `${indent}${head}${options.length ? `, { ${options.join(', ')} }` : ''}),`;
  }
  const subFields = f.fields ?? common.get(struct);
  if (subFields === undefined) throw new Error(`no fields for struct ${struct}`);
  const inner = indent + '    ';
  const lines = [`${indent}${head}, {`];
  lines.push(`${indent}  // ${struct}`);
  for (const option of options) lines.push(`${indent}  ${option},`);
  lines.push(`${indent}  fields: [`);
  for (const sub of subFields) lines.push(renderField(sub, common, inner));
  lines.push(`${indent}  ],`, `${indent}}),`);
  return lines.join('\n');
}

function commonStructs(def) {
  return new Map((def.commonStructs ?? []).map((s) => [s.name, s.fields]));
}

function renderFieldList(def, indent) {
  const common = commonStructs(def);
  return def.fields.map((f) => renderField(f, common, indent)).join('\n');
}

function renderApi(api) {
  const request = readDefinition(`${api}Request.json`);
  const response = readDefinition(`${api}Response.json`);
  if (request.validVersions !== response.validVersions || request.flexibleVersions !== response.flexibleVersions) {
    throw new Error(`${api}: request and response versions differ`);
  }
  const flexibleNote = request.flexibleVersions === 'none' ? 'never flexible' : `flexible from v${request.flexibleVersions.replace('+', '')}`;
  const text = `import { field, message } from '../schema.js';

/** ${api} (API key ${request.apiKey}): versions ${request.validVersions}, ${flexibleNote}. */
export default message({
  apiKey: ${request.apiKey},
  name: '${api}',
  valid: '${request.validVersions}',
  flexible: '${request.flexibleVersions}',
  request: [
${renderFieldList(request, '    ')}
  ],
  response: [
${renderFieldList(response, '    ')}
  ],
});
`;
  const file = `${String(request.apiKey).padStart(2, '0')}-${kebab(api)}.ts`;
  return { api, apiKey: request.apiKey, file, text };
}

/** A field list plus its own version range, for headers and consumer-protocol payloads. */
function renderFieldSet(constName, def) {
  return `/** ${def.name}: versions ${def.validVersions}, flexible ${def.flexibleVersions}. */
export const ${constName}Versions: FieldSetVersions = { valid: '${def.validVersions}', flexible: '${def.flexibleVersions}' };

export const ${constName}: FieldDef[] = [
${renderFieldList(def, '  ')}
];
`;
}

function renderHeaders() {
  return `import { field, type FieldDef } from '../schema.js';
import type { FieldSetVersions } from './field-set.js';

// The request header keeps ClientId in the classic int16-length form even in
// flexible versions, so a broker can read the header of any ApiVersions request.

${renderFieldSet('requestHeader', readDefinition('RequestHeader.json'))}
${renderFieldSet('responseHeader', readDefinition('ResponseHeader.json'))}`;
}

function renderConsumerProtocol() {
  return `import { field, type FieldDef } from '../schema.js';
import type { FieldSetVersions } from './field-set.js';

// The payloads a consumer group carries inside JoinGroup protocol metadata and
// SyncGroup assignments; brokers pass them through, tools decode them.

${renderFieldSet('consumerProtocolSubscription', readDefinition('ConsumerProtocolSubscription.json'))}
${renderFieldSet('consumerProtocolAssignment', readDefinition('ConsumerProtocolAssignment.json'))}`;
}

function renderIndex(apis) {
  const sorted = [...apis].sort((a, b) => a.apiKey - b.apiKey);
  const ident = (api) => `${camel(api.api)}Message`;
  return `/**
 * kgo's message schemas, one file per API key. Each NN-name.ts is written from
 * Kafka's JSON definitions by scripts/gen-messages.mjs and checked against them
 * by test/protocol/conformance.test.ts; edit by re-running the script.
 */
import type { MessageDef } from '../schema.js';
${sorted.map((a) => `import ${ident(a)} from './${a.file.replace(/\.ts$/, '.js')}';`).join('\n')}

export * from './headers.js';
export * from './consumer-protocol.js';
export type { FieldSetVersions } from './field-set.js';

export {
${sorted.map((a) => `  ${ident(a)},`).join('\n')}
};

/** Every API kgo describes, by API key. */
export const messages: ReadonlyMap<number, MessageDef> = new Map(
  [
${sorted.map((a) => `    ${ident(a)},`).join('\n')}
  ].map((def) => [def.apiKey, def]),
);

const byName: ReadonlyMap<string, MessageDef> = new Map([...messages.values()].map((def) => [def.name, def]));

/** Looks an API up by Kafka's name, e.g. "Produce". */
export function messageByName(name: string): MessageDef | undefined {
  return byName.get(name);
}
`;
}

function main() {
  if (!fs.existsSync(sourceDir)) throw new Error(`no message definitions at ${sourceDir}`);
  const apis = APIS.map(renderApi);
  for (const api of apis) fs.writeFileSync(path.join(outDir, api.file), api.text);
  fs.writeFileSync(path.join(outDir, 'headers.ts'), renderHeaders());
  fs.writeFileSync(path.join(outDir, 'consumer-protocol.ts'), renderConsumerProtocol());
  fs.writeFileSync(path.join(outDir, 'index.ts'), renderIndex(apis));
  console.log(`wrote ${apis.length} API schemas, headers and consumer-protocol to ${outDir}`);
}

main();
