/**
 * A group outlives a broker crash: two static confluent-kafka members
 * (librdkafka 2.0.2) hold a topic, the broker is SIGKILLed and restarted on
 * the same data directory and port; the members carry on in the same
 * generation, and one of them restarting afterwards gets its partitions back
 * without a rebalance: the group record on __consumer_offsets kept the
 * generation, the instance ids and the assignments.
 */
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { hasConfluentKafka, PYTHON } from '../support/interop.js';
import { kafkajsClient } from './clients.js';
import { LineProcess, groupLog, heldBy, produceNumbered, pythonScript, waitFor } from './groups-support.js';

const TOPIC = 'static-restart';
const GROUP = 'static-restart';


describe('a static group across a broker crash', { timeout: 60_000 }, () => {
  let broker: BrokerProcess | undefined;
  const members: LineProcess[] = [];

  afterAll(async () => {
    await Promise.allSettled(members.map((m) => m.signal('SIGKILL')));
    await broker?.stop();
    if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
  });

  it.skipIf(!hasConfluentKafka())('keeps its generation and assignments, and a static member that restarts after it gets its partitions back', async () => {
    broker = await spawnBroker();
    const admin = (await kafkajsClient(broker.bootstrap, 'groups-restart')).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 4 }], waitForLeaders: true });
    await admin.disconnect();
    const start = (name: string, instance: string) => {
      const args = { op: 'member', bootstrap: broker!.bootstrap, group: GROUP, topic: TOPIC, strategy: 'range', instance_id: instance, session_timeout_ms: 10_000 };
      const member = LineProcess.start(name, PYTHON, [pythonScript('groups_confluent.py'), JSON.stringify(args)]);
      members.push(member);
      return member;
    };

    const a = start('static a', 'static-a');
    await waitFor('the first member to hold every partition', () => heldBy(a).length === 4, 30_000);
    const b = start('static b', 'static-b');
    await waitFor('two members with two partitions each', () => heldBy(a).length === 2 && heldBy(b).length === 2, 30_000);
    const before = { a: heldBy(a), b: heldBy(b) };
    const logBefore = groupLog(broker.stderr(), GROUP);
    expect(logBefore[logBefore.length - 1]).toMatch(/generation 2 with 2 members/);

    await broker.kill();
    broker = await spawnBroker({ dataDir: broker.dataDir, port: broker.port });
    const kafka = await kafkajsClient(broker.bootstrap, 'groups-restart');
    const produced = await produceNumbered(kafka, TOPIC, 4, 2, 'after-crash');
    await waitFor('the members to read on after the restart', () => {
      const read = new Set([...a.events('record'), ...b.events('record')].map((r) => r.value as string));
      return produced.every((v) => read.has(v));
    }, 25_000);

    await a.finish();
    const again = start('static a again', 'static-a');
    await waitFor('the restarted member to get partitions', () => heldBy(again).length > 0, 25_000);
    expect({ a: heldBy(again), b: heldBy(b) }).toEqual(before);
    expect(b.events('revoke')).toEqual([]);
    // Nothing rebalanced on the restarted broker.
    expect(groupLog(broker.stderr(), GROUP)).toEqual([]);
    await Promise.all([again.finish(), b.finish()]);
  });
});
