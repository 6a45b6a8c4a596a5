/**
 * Committed offsets with real clients against a real `kgo serve`: a new
 * member of a group starts exactly where the last commit left it, with
 * kafkajs (also after the broker was SIGKILLed right after answering the
 * commit, and restarted on the same data directory) and with kafka-python.
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consumer, Kafka } from 'kafkajs';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { hasKafkaPython } from '../support/interop.js';
import { kafkajsClient, python } from './clients.js';
import { produceNumbered, waitFor, within } from './groups-support.js';

const MEMBER_OPTIONS = { sessionTimeout: 6_000, rebalanceTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 100 };

/** A kafkajs member that commits only when told to; records the offsets it reads. */
async function manualMember(kafka: Kafka, groupId: string, topic: string): Promise<{ consumer: Consumer; offsets: number[] }> {
  const consumer = kafka.consumer({ groupId, ...MEMBER_OPTIONS });
  const offsets: number[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ autoCommit: false, eachMessage: async ({ message }) => void offsets.push(Number(message.offset)) });
  return { consumer, offsets };
}

async function committedOffset(kafka: Kafka, groupId: string, topic: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [answer] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return answer!.partitions.find((p) => p.partition === 0)?.offset;
  } finally {
    await admin.disconnect();
  }
}

describe('committed offsets resume a group', { timeout: 60_000 }, () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    broker = await spawnBroker();
    kafka = await kafkajsClient(broker.bootstrap, 'groups-commits');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'resume-kafkajs' }, { topic: 'resume-kafka-python' }], waitForLeaders: true });
    await admin.disconnect();
  });

  afterAll(async () => {
    await Promise.allSettled(consumers.map((c) => within('consumer disconnect', c.disconnect(), 10_000)));
    await broker?.stop();
    if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
  });

  it('kafkajs: a new member starts at the committed offset, also after SIGKILL and restart of the broker', async () => {
    const topic = 'resume-kafkajs';
    const groupId = 'resume-kafkajs';
    await produceNumbered(kafka, topic, 1, 12, 'r');

    const first = await manualMember(kafka, groupId, topic);
    consumers.push(first.consumer);
    await waitFor('the first member to read 6 records', () => first.offsets.length >= 6);
    await first.consumer.commitOffsets([{ topic, partition: 0, offset: '5' }]);
    await first.consumer.disconnect();

    const second = await manualMember(kafka, groupId, topic);
    consumers.push(second.consumer);
    await waitFor('the second member to read a record', () => second.offsets.length > 0);
    expect(second.offsets[0]).toBe(5);
    await second.consumer.commitOffsets([{ topic, partition: 0, offset: '8' }]);

    // The commit was answered; the broker dies before anything else happens.
    await broker.kill();
    await within('disconnect from a dead broker', second.consumer.disconnect(), 15_000).catch(() => undefined);
    broker = await spawnBroker({ dataDir: broker.dataDir });
    kafka = await kafkajsClient(broker.bootstrap, 'groups-commits');
    expect(await committedOffset(kafka, groupId, topic)).toBe('8');

    // The group came back with the dead member in it; its session timeout lets the new one in.
    const third = await manualMember(kafka, groupId, topic);
    consumers.push(third.consumer);
    await waitFor('the member after the restart to read a record', () => third.offsets.length > 0, 25_000);
    expect(third.offsets[0]).toBe(8);
  });

  it.skipIf(!hasKafkaPython())('kafka-python: commit, close, and a new consumer resumes at the committed offset', async () => {
    const topic = 'resume-kafka-python';
    const groupId = 'resume-kafka-python';
    await produceNumbered(kafka, topic, 1, 10, 'kp');
    interface Answer {
      offsets: number[];
      committed_before: number | null;
      committed_after: number | null;
    }
    const cmd = (count: number, commitOffset: number) => ({ op: 'consume_commit', bootstrap: broker.bootstrap, topic, group: groupId, count, commit_offset: commitOffset });

    const first = await python<Answer>('groups_kafka_python.py', cmd(4, 3), 40_000);
    expect(first).toEqual({ offsets: [0, 1, 2, 3], committed_before: null, committed_after: 3 });
    const second = await python<Answer>('groups_kafka_python.py', cmd(3, 6), 40_000);
    expect(second).toEqual({ offsets: [3, 4, 5], committed_before: 3, committed_after: 6 });
    expect(await committedOffset(kafka, groupId, topic)).toBe('6');
  });
});
