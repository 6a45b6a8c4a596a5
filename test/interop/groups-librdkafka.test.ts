/**
 * librdkafka 2.0.2 consumer groups against a real `kgo serve`, unchanged:
 * two `kcat -G` balanced consumers share a topic and read each record exactly
 * once; confluent-kafka members with the eager `range` and the incremental
 * `cooperative-sticky` assignors share a topic when the second joins late,
 * and store their commits; a static member (`group.instance.id`) restarts and
 * gets its partitions back without a rebalance, and one that does not come
 * back is removed by its session timeout.
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { hasConfluentKafka, hasKcat, PYTHON } from '../support/interop.js';
import { kafkajsClient } from './clients.js';
import { LineProcess, generations, groupLog, heldBy, produceNumbered, pythonScript, waitFor } from './groups-support.js';

interface RecordLine {
  partition: number;
  offset: number;
  value: string;
}


const recordsOf = (members: LineProcess[]) => members.flatMap((m) => m.events('record') as unknown as RecordLine[]);

/** Every value read, with how many times. */
function readCounts(records: { value: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.value, (counts.get(r.value) ?? 0) + 1);
  return counts;
}

describe('librdkafka consumer groups against kgo serve', { timeout: 60_000 }, () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;
  const processes: LineProcess[] = [];

  beforeAll(async () => {
    broker = await spawnBroker();
    kafka = await kafkajsClient(broker.bootstrap, 'groups-librdkafka');
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.allSettled(processes.map((p) => p.signal('SIGKILL')));
    await admin?.disconnect();
    await broker?.stop();
    if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
  });

  const committed = async (groupId: string, topic: string) => {
    const [answer] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return answer!.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
  };

  const confluentMember = (name: string, command: Record<string, unknown>) => {
    const member = LineProcess.start(name, PYTHON, [pythonScript('groups_confluent.py'), JSON.stringify({ op: 'member', bootstrap: broker.bootstrap, ...command })]);
    processes.push(member);
    return member;
  };

  it.skipIf(!hasKcat())('kcat -G: two balanced consumers read each record exactly once and commit', async () => {
    const topic = 'kcat-balanced';
    const groupId = 'kcat-balanced';
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
    const produced = await produceNumbered(kafka, topic, 4, 5, 'early');
    const kcat = (name: string) => {
      const p = LineProcess.start(name, 'kcat', [
        '-b', broker.bootstrap, '-G', groupId, topic, '-u',
        '-f', '{"event":"record","partition":%p,"offset":%o,"value":"%s"}\\n',
        '-X', 'auto.offset.reset=earliest', '-X', 'enable.auto.commit=true', '-X', 'auto.commit.interval.ms=100',
        '-X', 'session.timeout.ms=6000', '-X', 'heartbeat.interval.ms=1000', '-X', 'fetch.wait.max.ms=100',
      ]);
      processes.push(p);
      return p;
    };
    /** kcat reports each rebalance on stderr: "... rebalanced (memberid ...): assigned: topic [0], topic [2]". */
    const assignedTo = (p: LineProcess): number[] | undefined => {
      const lines = p.stderr().split('\n').filter((l) => l.includes('rebalanced'));
      const last = lines[lines.length - 1];
      if (!last?.includes('assigned:')) return undefined;
      return [...last.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    };

    const first = kcat('kcat one');
    await waitFor('the first kcat to read the early records', () => recordsOf([first]).length >= produced.length);
    const second = kcat('kcat two');
    await waitFor('both kcat consumers to hold two partitions each', () => {
      const [a, b] = [assignedTo(first), assignedTo(second)];
      return a?.length === 2 && b?.length === 2 && [...a, ...b].sort().join() === '0,1,2,3';
    }, 30_000);
    produced.push(...(await produceNumbered(kafka, topic, 4, 5, 'late')));
    await waitFor('every record to be read', () => produced.every((v) => readCounts(recordsOf([first, second])).has(v)));

    await Promise.all([first.signal('SIGTERM'), second.signal('SIGTERM')]);
    const counts = readCounts(recordsOf([first, second]));
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...counts.keys()].sort()).toEqual([...produced].sort());
    expect(await committed(groupId, topic)).toEqual([10, 10, 10, 10]);
  });

  for (const strategy of ['range', 'cooperative-sticky'] as const) {
    it.skipIf(!hasConfluentKafka())(`confluent-kafka ${strategy}: a late second member takes half, all records read, commits stored`, async () => {
      const topic = `confluent-${strategy}`;
      const groupId = `confluent-${strategy}`;
      await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
      const produced = await produceNumbered(kafka, topic, 4, 5, 'early');
      const command = { group: groupId, topic, strategy };

      const first = confluentMember(`${strategy} one`, command);
      await waitFor('the first member to read the early records', () => recordsOf([first]).length >= produced.length, 30_000);
      expect(heldBy(first)).toEqual([0, 1, 2, 3]);
      const second = confluentMember(`${strategy} two`, command);
      await waitFor('both members to hold two partitions each', () => {
        const [a, b] = [heldBy(first), heldBy(second)];
        return a.length === 2 && b.length === 2 && [...a, ...b].sort().join() === '0,1,2,3';
      }, 30_000);
      produced.push(...(await produceNumbered(kafka, topic, 4, 5, 'late')));
      await waitFor('every record to be read', () => produced.every((v) => readCounts(recordsOf([first, second])).has(v)));

      const revoked = first.events('revoke').map((e) => e.partitions as number[]);
      if (strategy === 'cooperative-sticky') {
        // Incremental: the first member gives up only what the second takes and keeps the rest throughout.
        expect(revoked).toEqual([heldBy(second)]);
        expect(first.events('assign').slice(1).every((e) => (e.partitions as number[]).length === 0)).toBe(true);
      } else {
        // Eager: everything is revoked, then the new share is assigned.
        expect(revoked).toEqual([[0, 1, 2, 3]]);
      }
      expect([...first.events('lost'), ...second.events('lost'), ...first.events('error'), ...second.events('error')]).toEqual([]);
      expect(groupLog(broker.stderr(), groupId).some((l) => l.includes(`protocol ${strategy}`))).toBe(true);

      await Promise.all([first.finish(), second.finish()]);
      const closed = [first, second].map((m) => m.events('closed')[0]?.committed as Record<string, number>);
      expect({ ...closed[0], ...closed[1] }).toEqual({ 0: 10, 1: 10, 2: 10, 3: 10 });
      expect(await committed(groupId, topic)).toEqual([10, 10, 10, 10]);
    });
  }

  it.skipIf(!hasConfluentKafka())('confluent-kafka static member: a restart gets the same partitions back without a rebalance', async () => {
    const topic = 'confluent-static';
    const groupId = 'confluent-static';
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
    const command = (instance: string) => ({ group: groupId, topic, strategy: 'range', instance_id: instance, session_timeout_ms: 10_000 });

    const a = confluentMember('static a', command('static-a'));
    await waitFor('the first static member to hold every partition', () => heldBy(a).length === 4, 30_000);
    const b = confluentMember('static b', command('static-b'));
    await waitFor('two static members with two partitions each', () => heldBy(a).length === 2 && heldBy(b).length === 2, 30_000);
    const before = heldBy(a);
    const generationsBefore = generations(broker.stderr(), groupId);
    const logBefore = groupLog(broker.stderr(), groupId).length;

    // A static member does not send LeaveGroup when it closes: the broker keeps its place.
    await a.finish();
    const restarted = confluentMember('static a again', command('static-a'));
    await waitFor('the restarted member to get partitions', () => heldBy(restarted).length > 0, 30_000);
    expect(heldBy(restarted)).toEqual(before);
    expect(b.events('revoke')).toEqual([]);
    expect(generations(broker.stderr(), groupId)).toEqual(generationsBefore);
    expect(groupLog(broker.stderr(), groupId).slice(logBefore).filter((l) => /rebalanc|generation/.test(l))).toEqual([]);
    const [described] = (await admin.describeGroups([groupId])).groups;
    expect(described).toMatchObject({ state: 'Stable' });
    expect(described!.members).toHaveLength(2);

    // The restarted member reads and commits under its new member id (OffsetCommit carries the instance id).
    const produced = await produceNumbered(kafka, topic, 4, 3, 'static');
    await waitFor('both members to read every record', () => produced.every((v) => readCounts(recordsOf([restarted, b])).has(v)));
    await Promise.all([restarted.finish(), b.finish()]);
    expect(await committed(groupId, topic)).toEqual([3, 3, 3, 3]);
  });

  it.skipIf(!hasConfluentKafka())('confluent-kafka static member that does not come back: its session timeout hands its partitions over', async () => {
    const topic = 'confluent-static-gone';
    const groupId = 'confluent-static-gone';
    await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true });
    const command = (instance: string) => ({ group: groupId, topic, strategy: 'range', instance_id: instance, session_timeout_ms: 6_000 });

    const a = confluentMember('static a', command('static-a'));
    await waitFor('the first static member to hold every partition', () => heldBy(a).length === 4, 30_000);
    const b = confluentMember('static b', command('static-b'));
    await waitFor('two static members with two partitions each', () => heldBy(a).length === 2 && heldBy(b).length === 2, 30_000);
    const gone = groupLog(broker.stderr(), groupId).length;

    await a.signal('SIGKILL');
    await waitFor('the remaining member to hold every partition', () => heldBy(b).length === 4, 25_000);
    const after = groupLog(broker.stderr(), groupId).slice(gone);
    expect(after.some((l) => /member static-a-\S+ left \(session timeout\)/.test(l))).toBe(true);
    const [described] = (await admin.describeGroups([groupId])).groups;
    expect(described).toMatchObject({ state: 'Stable' });
    expect(described!.members).toHaveLength(1);
    await b.finish();
  });
});
