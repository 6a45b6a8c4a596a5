/**
 * kafkajs 2.2.4 consumer groups against a real `kgo serve`: three members
 * share a 6-partition topic with every partition assigned exactly once; one
 * leaves cleanly (LeaveGroup), one crashes (a child process killed with
 * SIGKILL, so no LeaveGroup) and is removed by its session timeout; the
 * survivor takes over every partition and the whole topic is read.
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs, { type Admin, type Consumer, type Kafka } from 'kafkajs';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { kafkajsClient } from './clients.js';
import { LineProcess, groupLog, produceNumbered, waitFor } from './groups-support.js';

const TOPIC = 'groups-share';
const PARTITIONS = 6;
const GROUP = 'kafkajs-share';
const PER_PARTITION = 5;
const MEMBER_OPTIONS = { groupId: GROUP, sessionTimeout: 6_000, rebalanceTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 100 };

/**
 * The member that crashes runs in its own process, so SIGKILL ends it the
 * way a crash does: sockets closed by the kernel, no LeaveGroup sent.
 */
const CRASHING_MEMBER = `
import kafkajs from 'kafkajs';
const { bootstrap, topic, options } = JSON.parse(process.argv[1]);
const print = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
const kafka = new kafkajs.Kafka({ clientId: 'crashing-member', brokers: [bootstrap], logLevel: kafkajs.logLevel.NOTHING });
const consumer = kafka.consumer(options);
consumer.on(consumer.events.GROUP_JOIN, (e) => print({ event: 'join', memberId: e.payload.memberId, partitions: e.payload.memberAssignment[topic] ?? [] }));
await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
await consumer.run({ eachMessage: async ({ message }) => print({ event: 'record', value: message.value.toString() }) });
`;

interface Joined {
  memberId: string;
  partitions: number[];
}

describe('kafkajs consumer group against kgo serve', { timeout: 60_000 }, () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;
  const consumers: Consumer[] = [];
  let crashing: LineProcess | undefined;

  beforeAll(async () => {
    broker = await spawnBroker();
    kafka = await kafkajsClient(broker.bootstrap, 'groups-kafkajs');
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }], waitForLeaders: true });
  });

  afterAll(async () => {
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
    await crashing?.signal('SIGKILL').catch(() => undefined);
    await admin?.disconnect();
    await broker?.stop();
    if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
  });

  it('shares partitions without overlap, survives a clean leave and a crash, and reads every record', async () => {
    const latest = new Map<string, Joined>();
    const consumed = new Set<string>();
    const produced = await produceNumbered(kafka, TOPIC, PARTITIONS, PER_PARTITION, 'before');

    const startMember = async (name: string) => {
      const consumer = kafka.consumer(MEMBER_OPTIONS);
      consumers.push(consumer);
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        latest.set(name, { memberId: e.payload.memberId, partitions: e.payload.memberAssignment[TOPIC] ?? [] });
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void consumed.add(message.value!.toString()) });
      return consumer;
    };
    const crashingLatest = (): Joined | undefined => {
      const joins = crashing!.events('join');
      return joins.length ? (joins[joins.length - 1] as unknown as Joined) : undefined;
    };

    /**
     * The broker's view (DescribeGroups: Stable, these members, their
     * assignments) agrees with each member's last GROUP_JOIN; returns the
     * partitions per member.
     */
    const agreedAssignment = async (names: string[]) => {
      const [group] = (await admin.describeGroups([GROUP])).groups;
      if (group!.state !== 'Stable' || group!.members.length !== names.length) return undefined;
      const byName = new Map<string, number[]>();
      for (const name of names) {
        const joined = name === 'crashing' ? crashingLatest() : latest.get(name);
        const described = group!.members.find((m) => m.memberId === joined?.memberId);
        if (!joined || !described) return undefined;
        const decoded = kafkajs.AssignerProtocol.MemberAssignment.decode(described.memberAssignment);
        const brokerView = [...(decoded?.assignment[TOPIC] ?? [])].sort();
        if (brokerView.join() !== [...joined.partitions].sort().join()) return undefined;
        byName.set(name, brokerView);
      }
      return byName;
    };
    const expectPartitionedOnce = (byName: Map<string, number[]>) => {
      const all = [...byName.values()].flat().sort((a, b) => a - b);
      expect(all).toEqual([0, 1, 2, 3, 4, 5]);
      for (const partitions of byName.values()) expect(partitions.length).toBeGreaterThan(0);
    };

    const a = await startMember('a');
    const b = await startMember('b');
    crashing = LineProcess.start('crashing member', process.execPath, [
      '--input-type=module',
      '-e',
      CRASHING_MEMBER,
      JSON.stringify({ bootstrap: broker.bootstrap, topic: TOPIC, options: MEMBER_OPTIONS }),
    ]);
    expectPartitionedOnce(await waitFor('three members to agree on an assignment', () => agreedAssignment(['a', 'b', 'crashing']), 30_000));

    const leavingId = latest.get('b')!.memberId;
    await b.disconnect();
    expectPartitionedOnce(await waitFor('two members after a LeaveGroup', () => agreedAssignment(['a', 'crashing']), 20_000));
    expect(groupLog(broker.stderr(), GROUP).some((l) => l.includes(`member ${leavingId} left (LeaveGroup)`))).toBe(true);
    produced.push(...(await produceNumbered(kafka, TOPIC, PARTITIONS, PER_PARTITION, 'after-leave')));

    const crashedId = crashingLatest()!.memberId;
    await crashing.signal('SIGKILL');
    produced.push(...(await produceNumbered(kafka, TOPIC, PARTITIONS, PER_PARTITION, 'after-crash')));
    const alone = await waitFor('the survivor to own every partition', () => agreedAssignment(['a']), 25_000);
    expect(alone.get('a')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(groupLog(broker.stderr(), GROUP).some((l) => l.includes(`member ${crashedId} left (session timeout)`))).toBe(true);

    const readByCrashed = () => crashing!.events('record').map((r) => r.value as string);
    await waitFor('every produced record to be consumed', () => {
      const all = new Set([...consumed, ...readByCrashed()]);
      return produced.every((v) => all.has(v));
    }, 20_000);
    await a.disconnect();
  });
});
