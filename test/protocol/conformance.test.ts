/**
 * kgo's message schemas against Kafka's own JSON message definitions. The
 * structural checks always run; the field-by-field comparison runs whenever
 * ../shared/kafka-protocol/messages sits beside the repository, and is required
 * (absence fails) under KGO_REQUIRE_INTEROP=1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  consumerProtocolAssignment,
  consumerProtocolAssignmentVersions,
  consumerProtocolSubscription,
  consumerProtocolSubscriptionVersions,
  messageByName,
  messages,
  requestHeader,
  requestHeaderVersions,
  responseHeader,
  responseHeaderVersions,
  type FieldSetVersions,
} from '../../src/protocol/index.js';
import { field, message, type FieldDef, type MessageDef } from '../../src/protocol/schema.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const kafkaDir = path.resolve(repoRoot, '..', 'shared', 'kafka-protocol', 'messages');
const kafkaDirExists = fs.existsSync(kafkaDir);
const interopRequired = process.env.KGO_REQUIRE_INTEROP === '1';

const API_KEYS: Record<string, number> = {
  Produce: 0, Fetch: 1, ListOffsets: 2, Metadata: 3, OffsetCommit: 8, OffsetFetch: 9, FindCoordinator: 10,
  JoinGroup: 11, Heartbeat: 12, LeaveGroup: 13, SyncGroup: 14, DescribeGroups: 15, ListGroups: 16,
  SaslHandshake: 17, ApiVersions: 18, CreateTopics: 19, DeleteTopics: 20, DeleteRecords: 21,
  InitProducerId: 22, OffsetForLeaderEpoch: 23, AddPartitionsToTxn: 24, AddOffsetsToTxn: 25, EndTxn: 26,
  WriteTxnMarkers: 27, TxnOffsetCommit: 28, DescribeAcls: 29, CreateAcls: 30, DeleteAcls: 31,
  DescribeConfigs: 32, AlterConfigs: 33, DescribeLogDirs: 35, SaslAuthenticate: 36, CreatePartitions: 37,
  DeleteGroups: 42, IncrementalAlterConfigs: 44, AlterPartitionReassignments: 45,
  ListPartitionReassignments: 46, OffsetDelete: 47, DescribeCluster: 60, DescribeProducers: 61,
  DescribeTransactions: 65, ListTransactions: 66,
};

interface KafkaField {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  tag?: number;
  taggedVersions?: string;
  flexibleVersions?: string;
  default?: string | number | boolean;
  fields?: KafkaField[];
}

interface KafkaDefinition {
  apiKey?: number;
  name: string;
  validVersions: string;
  flexibleVersions: string;
  fields: KafkaField[];
  commonStructs?: { name: string; fields: KafkaField[] }[];
}

const PRIMITIVES = new Set([
  'bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'uuid', 'string', 'bytes', 'records',
]);
const NUMERIC = new Set(['int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64']);

/** Kafka's files open with `//` licence lines, and comments also sit between fields. */
function parseKafkaJson(text: string): KafkaDefinition {
  const json = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  return JSON.parse(json) as KafkaDefinition;
}

function readKafka(name: string): KafkaDefinition {
  return parseKafkaJson(fs.readFileSync(path.join(kafkaDir, `${name}.json`), 'utf8'));
}

const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function kafkaType(type: string): { type: string; struct?: string } {
  if (PRIMITIVES.has(type)) return { type };
  if (type.startsWith('[]')) {
    const element = type.slice(2);
    return PRIMITIVES.has(element) ? { type } : { type: '[]struct', struct: element };
  }
  return { type: 'struct', struct: type };
}

function kafkaDefault(f: KafkaField): FieldDef['default'] {
  const raw = f.default;
  if (typeof raw !== 'string') return raw;
  if (NUMERIC.has(f.type)) return Number(raw);
  if (f.type === 'bool') return raw === 'true';
  return raw === 'null' ? null : raw;
}

type Common = ReadonlyMap<string, KafkaField[]>;

function compareField(ours: FieldDef, theirs: KafkaField, common: Common, where: string): string[] {
  const problems: string[] = [];
  const expected = kafkaType(theirs.type);
  const check = (what: string, actual: unknown, wanted: unknown): void => {
    if (!Object.is(actual, wanted)) {
      problems.push(`${where}: ${what} is ${JSON.stringify(actual)}, Kafka has ${JSON.stringify(wanted)}`);
    }
  };
  check('type', ours.type, expected.type);
  check('versions', ours.versions, theirs.versions);
  check('nullable', ours.nullable, theirs.nullableVersions);
  check('tag', ours.tag, theirs.tag);
  check('tagged', ours.tagged, theirs.taggedVersions);
  check('flexible', ours.flexible, theirs.flexibleVersions);
  check('default', ours.default, kafkaDefault(theirs));
  if (expected.struct !== undefined) {
    const subFields = theirs.fields ?? common.get(expected.struct);
    if (subFields === undefined) problems.push(`${where}: Kafka's struct ${expected.struct} has no fields`);
    else problems.push(...compareFields(ours.fields ?? [], subFields, common, where));
  } else if (ours.fields !== undefined) {
    problems.push(`${where}: has sub-fields but Kafka's type ${theirs.type} is not a struct`);
  }
  return problems;
}

/** Compares two field lists: same names, same attributes, non-tagged fields in the same order. */
function compareFields(ours: FieldDef[], theirs: KafkaField[], common: Common, where: string): string[] {
  const problems: string[] = [];
  const ourByName = new Map(ours.map((f) => [f.name, f]));
  const theirNames = new Set(theirs.map((f) => camel(f.name)));
  for (const t of theirs) {
    const o = ourByName.get(camel(t.name));
    if (o === undefined) problems.push(`${where}: missing field ${camel(t.name)}`);
    else problems.push(...compareField(o, t, common, `${where}.${o.name}`));
  }
  for (const o of ours) if (!theirNames.has(o.name)) problems.push(`${where}: extra field ${o.name}`);
  const ourOrder = ours.filter((f) => f.tag === undefined).map((f) => f.name);
  const theirOrder = theirs.filter((f) => f.tag === undefined).map((f) => camel(f.name));
  if (ourOrder.join() !== theirOrder.join()) {
    problems.push(`${where}: field order is ${ourOrder.join(', ')}; Kafka has ${theirOrder.join(', ')}`);
  }
  return problems;
}

function compareDefinition(
  ours: { fields: FieldDef[]; versions: FieldSetVersions; apiKey?: number },
  theirs: KafkaDefinition,
): string[] {
  const problems: string[] = [];
  if (ours.apiKey !== theirs.apiKey) problems.push(`${theirs.name}: apiKey ${ours.apiKey}, Kafka has ${theirs.apiKey}`);
  if (ours.versions.valid !== theirs.validVersions) {
    problems.push(`${theirs.name}: valid ${ours.versions.valid}, Kafka has ${theirs.validVersions}`);
  }
  if (ours.versions.flexible !== theirs.flexibleVersions) {
    problems.push(`${theirs.name}: flexible ${ours.versions.flexible}, Kafka has ${theirs.flexibleVersions}`);
  }
  const common = new Map((theirs.commonStructs ?? []).map((s) => [s.name, s.fields]));
  problems.push(...compareFields(ours.fields, theirs.fields, common, theirs.name));
  return problems;
}

function compareMessage(def: MessageDef, request: KafkaDefinition, response: KafkaDefinition): string[] {
  const versions = { valid: def.valid, flexible: def.flexible };
  return [
    ...compareDefinition({ fields: def.request, versions, apiKey: def.apiKey }, request),
    ...compareDefinition({ fields: def.response, versions, apiKey: def.apiKey }, response),
  ];
}

function walkFields(fields: FieldDef[], visit: (f: FieldDef, siblings: FieldDef[]) => void): void {
  for (const f of fields) {
    visit(f, fields);
    if (f.fields) walkFields(f.fields, visit);
  }
}

const fieldSets: [string, FieldDef[], FieldSetVersions][] = [
  ['RequestHeader', requestHeader, requestHeaderVersions],
  ['ResponseHeader', responseHeader, responseHeaderVersions],
  ['ConsumerProtocolSubscription', consumerProtocolSubscription, consumerProtocolSubscriptionVersions],
  ['ConsumerProtocolAssignment', consumerProtocolAssignment, consumerProtocolAssignmentVersions],
];

describe('message schemas', () => {
  it('describe exactly the APIs kgo serves, each under its Kafka key and name', () => {
    expect(new Map([...messages].map(([key, def]) => [def.name, key]))).toEqual(new Map(Object.entries(API_KEYS)));
    for (const [name, key] of Object.entries(API_KEYS)) expect(messageByName(name)?.apiKey).toBe(key);
    expect(messageByName('ProduceRequest')).toBeUndefined();
  });

  it('are well formed: camelCase unique names, tag with tagged versions, sub-fields only on structs', () => {
    const problems: string[] = [];
    const lists: [string, FieldDef[]][] = [
      ...[...messages.values()].flatMap((d): [string, FieldDef[]][] => [
        [`${d.name}Request`, d.request],
        [`${d.name}Response`, d.response],
      ]),
      ...fieldSets.map(([name, fields]): [string, FieldDef[]] => [name, fields]),
    ];
    for (const [where, fields] of lists) {
      walkFields(fields, (f, siblings) => {
        if (!/^[a-z][A-Za-z0-9]*$/.test(f.name)) problems.push(`${where}.${f.name}: not lowerCamelCase`);
        if (siblings.filter((s) => s.name === f.name).length > 1) problems.push(`${where}.${f.name}: duplicate`);
        if ((f.tag === undefined) !== (f.tagged === undefined)) problems.push(`${where}.${f.name}: tag without tagged`);
        const isStruct = f.type === 'struct' || f.type === '[]struct';
        if (isStruct !== (f.fields !== undefined)) problems.push(`${where}.${f.name}: fields do not match type`);
      });
    }
    expect(problems).toEqual([]);
  });

  it('keep the header client id in the classic string form in every version', () => {
    expect(requestHeader.find((f) => f.name === 'clientId')).toMatchObject({ nullable: '1+', flexible: 'none' });
  });
});

describe('the conformance comparison', () => {
  const kafka = parseKafkaJson(`// licence line
{
  "apiKey": 99, "type": "request", "name": "ExampleRequest",
  "validVersions": "0-3", "flexibleVersions": "2+",
  "fields": [
    // a comment between fields
    { "name": "TimeoutMs", "type": "int32", "versions": "0+", "default": "0x7fffffff" },
    { "name": "Topics", "type": "[]ExampleTopic", "versions": "0+", "nullableVersions": "1+", "fields": [
      { "name": "Name", "type": "string", "versions": "0+", "default": "null" },
      { "name": "Partitions", "type": "[]Shared", "versions": "1+" }
    ]},
    { "name": "Note", "type": "string", "versions": "2+", "tag": 0, "taggedVersions": "2+" }
  ],
  "commonStructs": [
    { "name": "Shared", "versions": "0+", "fields": [ { "name": "Index", "type": "int32", "versions": "0+" } ] }
  ]
}`);
  const build = (overrides: { timeoutDefault?: number; partitionsFields?: FieldDef[] } = {}): MessageDef =>
    message({
      apiKey: 99,
      name: 'Example',
      valid: '0-3',
      flexible: '2+',
      request: [
        field('timeoutMs', 'int32', '0+', { default: overrides.timeoutDefault ?? 0x7fffffff }),
        field('topics', '[]struct', '0+', {
          nullable: '1+',
          fields: [
            field('name', 'string', '0+', { default: null }),
            field('partitions', '[]struct', '1+', {
              fields: overrides.partitionsFields ?? [field('index', 'int32', '0+')],
            }),
          ],
        }),
        field('note', 'string', '2+', { tag: 0, tagged: '2+' }),
      ],
      response: [],
    });
  const compareRequest = (def: MessageDef): string[] =>
    compareDefinition({ fields: def.request, versions: { valid: def.valid, flexible: def.flexible }, apiKey: 99 }, kafka);

  it('accepts a matching definition, with common structs inlined', () => {
    expect(compareRequest(build())).toEqual([]);
  });

  it('reports a wrong default and a field missing from an inlined common struct', () => {
    const problems = compareRequest(build({ timeoutDefault: 0, partitionsFields: [] }));
    expect(problems).toEqual([
      'ExampleRequest.timeoutMs: default is 0, Kafka has 2147483647',
      'ExampleRequest.topics.partitions: missing field index',
      'ExampleRequest.topics.partitions: field order is ; Kafka has index',
    ]);
  });

  it('reports reordered fields but lets tagged fields sit anywhere', () => {
    const def = build();
    const [timeout, topics, note] = def.request as [FieldDef, FieldDef, FieldDef];
    expect(compareRequest({ ...def, request: [note, timeout, topics] })).toEqual([]);
    expect(compareRequest({ ...def, request: [topics, timeout, note] })).toEqual([
      'ExampleRequest: field order is topics, timeoutMs; Kafka has timeoutMs, topics',
    ]);
  });
});

const kafkaPresence = `Kafka's message definitions at ${kafkaDir}`;

it(`${kafkaPresence} are present, unless KGO_REQUIRE_INTEROP is unset`, () => {
  expect(kafkaDirExists || !interopRequired, `KGO_REQUIRE_INTEROP=1 but ${kafkaDir} does not exist`).toBe(true);
});

describe.skipIf(!kafkaDirExists)(`conformance with ${kafkaPresence} (skipped when absent)`, () => {
  it.each([...messages.values()].map((def) => [def.name, def] as const))('%s matches Kafka', (name, def) => {
    expect(compareMessage(def, readKafka(`${name}Request`), readKafka(`${name}Response`))).toEqual([]);
  });

  it.each(fieldSets)('%s matches Kafka', (name, fields, versions) => {
    expect(compareDefinition({ fields, versions }, readKafka(name))).toEqual([]);
  });
});
