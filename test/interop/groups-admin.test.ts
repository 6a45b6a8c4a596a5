/**
 * Group administration through kafkajs 2.2.4's admin client against a real
 * `kgo serve`: DescribeGroups (state, members, assignments), ListGroups,
 * DeleteGroups (refused while the group has members, done once it is empty),
 * and OffsetFetch / offset resets of an empty group.
 */
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs, { type Admin, type Consumer, type Kafka } from 'kafkajs';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { kafkajsClient } from './clients.js';
import { produceNumbered, waitFor } from './groups-support.js';

const TOPIC = 'groups-admin';
const GROUP = 'admin-group';
const NON_EMPTY_GROUP = 68;
const GROUP_ID_NOT_FOUND = 69;

describe('kafkajs admin on consumer groups', () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let admin: Admin;
  let member: Consumer | undefined;

  beforeAll(async () => {
    broker = await spawnBroker();
    kafka = await kafkajsClient(broker.bootstrap, 'groups-admin');
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }], waitForLeaders: true });
    await produceNumbered(kafka, TOPIC, 2, 5, 'admin');
  });

  afterAll(async () => {
    await member?.disconnect().catch(() => undefined);
    await admin?.disconnect();
    await broker?.stop();
    if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
  });

  const offsetsOf = async (groupId: string) => {
    const [answer] = await admin.fetchOffsets({ groupId, topics: [TOPIC] });
    return answer!.partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset);
  };

  it('describes and lists a group with a member, and refuses to delete it', async () => {
    member = kafka.consumer({ groupId: GROUP, sessionTimeout: 6_000, heartbeatInterval: 1_000, maxWaitTimeInMs: 100 });
    let read = 0;
    await member.connect();
    await member.subscribe({ topics: [TOPIC], fromBeginning: true });
    await member.run({ eachMessage: async () => void read++ });
    // kafkajs commits after each batch it has handed over.
    await waitFor('the member to read and commit all ten records', async () => read >= 10 && (await offsetsOf(GROUP)).join() === '5,5');

    const { groups } = await admin.describeGroups([GROUP]);
    expect(groups).toHaveLength(1);
    const group = groups[0]!;
    expect(group).toMatchObject({ groupId: GROUP, state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner', errorCode: 0 });
    expect(group.members).toHaveLength(1);
    expect(group.members[0]).toMatchObject({ clientId: 'groups-admin' });
    expect(group.members[0]!.clientHost).toMatch(/127\.0\.0\.1/);
    const assignment = kafkajs.AssignerProtocol.MemberAssignment.decode(group.members[0]!.memberAssignment);
    expect(assignment?.assignment).toEqual({ [TOPIC]: [0, 1] });
    const subscription = kafkajs.AssignerProtocol.MemberMetadata.decode(group.members[0]!.memberMetadata);
    expect(subscription?.topics).toEqual([TOPIC]);

    const listed = await admin.listGroups();
    expect(listed.groups).toContainEqual({ groupId: GROUP, protocolType: 'consumer' });

    const refused = await admin.deleteGroups([GROUP]).then(
      () => undefined,
      (err: unknown) => err as { name: string; groups: { groupId: string; errorCode: number }[] },
    );
    expect(refused?.name).toBe('KafkaJSDeleteGroupsError');
    expect(refused?.groups).toMatchObject([{ groupId: GROUP, errorCode: NON_EMPTY_GROUP }]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(GROUP);
  });

  it('resets the offsets of the group once it is empty', async () => {
    await member!.disconnect();
    member = undefined;
    const [group] = (await admin.describeGroups([GROUP])).groups;
    expect(group).toMatchObject({ state: 'Empty', members: [] });
    expect(await offsetsOf(GROUP)).toEqual(['5', '5']);

    // kafkajs commits the sentinel -2 (earliest) and leaves resolving it to its
    // consumers. Each reset waits out one idle fetch wait (5 s) of a kafkajs consumer.
    await admin.resetOffsets({ groupId: GROUP, topic: TOPIC, earliest: true });
    expect(await offsetsOf(GROUP)).toEqual(['-2', '-2']);
  });

  it('deletes the empty group with its offsets', async () => {
    expect(await admin.deleteGroups([GROUP])).toEqual([expect.objectContaining({ groupId: GROUP, errorCode: 0 })]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(GROUP);
    expect(await offsetsOf(GROUP)).toEqual(['-1', '-1']);
    const [gone] = (await admin.describeGroups([GROUP])).groups;
    expect(gone).toMatchObject({ state: 'Dead', members: [] });

    const again = await admin.deleteGroups([GROUP]).then(
      () => undefined,
      (err: unknown) => err as { groups: { groupId: string; errorCode: number }[] },
    );
    expect(again?.groups).toMatchObject([{ groupId: GROUP, errorCode: GROUP_ID_NOT_FOUND }]);
  });
});
