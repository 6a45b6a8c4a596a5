import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse, type Struct } from '../../../src/protocol/index.js';
import type { ApiHandler, RequestContext } from '../../../src/broker/handlers/handler.js';
import type { BrokerCore } from '../../../src/broker/broker-core.js';
import { ErrorCode } from '../../../src/broker/coordinator/index.js';
import findCoordinator from '../../../src/broker/handlers/find-coordinator.js';
import joinGroup from '../../../src/broker/handlers/join-group.js';
import syncGroup from '../../../src/broker/handlers/sync-group.js';
import heartbeat from '../../../src/broker/handlers/heartbeat.js';
import leaveGroup from '../../../src/broker/handlers/leave-group.js';
import offsetCommit from '../../../src/broker/handlers/offset-commit.js';
import offsetFetch from '../../../src/broker/handlers/offset-fetch.js';
import describeGroups from '../../../src/broker/handlers/describe-groups.js';
import listGroups from '../../../src/broker/handlers/list-groups.js';
import deleteGroups from '../../../src/broker/handlers/delete-groups.js';
import offsetDelete from '../../../src/broker/handlers/offset-delete.js';
import { setup, subscription } from './harness.js';

function broker() {
  const { coordinator, clock, store } = setup();
  const topics = new Map([['t', 3], ['u', 1]]);
  // only what the group handlers reach of the broker
  const core = {
    node: { nodeId: 1, host: '127.0.0.1', port: 19092 },
    clusterId: 'kgo-test',
    clock,
    topics: { partitionCount: (t: string) => topics.get(t) },
    groups: coordinator,
    log: () => undefined,
  } as unknown as BrokerCore;
  return { core, coordinator, store, clock };
}

const join = (s: Buffer[]) => Buffer.concat(s).subarray(4);

/** Encodes the request at `version`, decodes it as the server would, handles it and round-trips the response through the wire too. */
async function call(core: BrokerCore, handler: ApiHandler, version: number, body: Struct): Promise<Struct> {
  const frame = join(encodeRequest(handler.apiKey, version, 7, 'test-client', body));
  const decoded = decodeRequest(frame);
  const ctx: RequestContext = {
    apiKey: handler.apiKey,
    apiVersion: version,
    correlationId: 7,
    clientId: 'test-client',
    clientHost: '/127.0.0.1',
    connectionId: 1,
    broker: core,
    holdBytes: () => undefined,
  };
  const response = await handler.handle(ctx, decoded.body);
  const out = decodeResponse(handler.apiKey, version, join(encodeResponse(handler.apiKey, version, 7, response as Struct)));
  expect(out.correlationId).toBe(7);
  return out.body;
}

const protocols = [{ name: 'range', metadata: subscription(['t']) }];

describe('group API handlers on the wire', () => {
  it('advertise the versions librdkafka requires (min 0; OffsetFetch <= 1; OffsetCommit <= 2)', () => {
    for (const h of [findCoordinator, joinGroup, syncGroup, heartbeat, leaveGroup, offsetCommit, offsetFetch]) expect(h.minVersion).toBe(0);
    expect([findCoordinator, joinGroup, syncGroup, heartbeat, leaveGroup, offsetCommit, offsetFetch, describeGroups, listGroups, deleteGroups, offsetDelete].map((h) => [h.apiKey, h.maxVersion])).toEqual([
      [10, 4], [11, 9], [14, 5], [12, 4], [13, 5], [8, 9], [9, 9], [15, 5], [16, 5], [42, 2], [47, 0],
    ]);
  });

  it('FindCoordinator answers this broker, singly (v0-3) and batched (v4)', async () => {
    const { core } = broker();
    for (let v = 0; v <= 3; v++) {
      expect(await call(core, findCoordinator, v, { key: 'g', keyType: 0 })).toMatchObject({ errorCode: 0, nodeId: 1, host: '127.0.0.1', port: 19092 });
    }
    const batch = await call(core, findCoordinator, 4, { keyType: 1, coordinatorKeys: ['tx1', 'tx2'] });
    expect(batch.coordinators.map((c: Struct) => [c.key, c.nodeId, c.errorCode])).toEqual([['tx1', 1, 0], ['tx2', 1, 0]]);
    expect((await call(core, findCoordinator, 2, { key: 'x', keyType: 5 })).errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('JoinGroup: MEMBER_ID_REQUIRED from v4, direct admission before, at every version', async () => {
    for (let v = 0; v <= 9; v++) {
      const { core } = broker();
      const req = { groupId: 'g', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 20_000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols };
      let res = await call(core, joinGroup, v, req);
      if (v >= 4) {
        expect(res.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
        expect(res.protocolName).toBe(v >= 7 ? null : '');
        res = await call(core, joinGroup, v, { ...req, memberId: res.memberId });
      }
      expect(res).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range' });
      expect(res.members).toHaveLength(1);
      expect(res.members[0].metadata.equals(protocols[0]!.metadata)).toBe(true);
      if (v >= 7) expect(res.protocolType).toBe('consumer');
    }
  });

  it('SyncGroup, Heartbeat, OffsetCommit, OffsetFetch and LeaveGroup through a whole member life', async () => {
    const { core, coordinator } = broker();
    const first = await call(core, joinGroup, 5, { groupId: 'g', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 20_000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols });
    const joined = await call(core, joinGroup, 5, { groupId: 'g', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 20_000, memberId: first.memberId, groupInstanceId: null, protocolType: 'consumer', protocols });
    const memberId = joined.memberId as string;
    const synced = await call(core, syncGroup, 5, { groupId: 'g', generationId: 1, memberId, groupInstanceId: null, protocolType: 'consumer', protocolName: 'range', assignments: [{ memberId, assignment: Buffer.from('asg') }] });
    expect(synced).toMatchObject({ errorCode: 0, protocolType: 'consumer', protocolName: 'range' });
    expect(synced.assignment.toString()).toBe('asg');
    expect((await call(core, heartbeat, 3, { groupId: 'g', generationId: 1, memberId, groupInstanceId: null })).errorCode).toBe(0);
    expect((await call(core, heartbeat, 0, { groupId: 'g', generationId: 9, memberId })).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);

    const committed = await call(core, offsetCommit, 7, {
      groupId: 'g', generationIdOrMemberEpoch: 1, memberId, groupInstanceId: null,
      topics: [
        { name: 't', partitions: [{ partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: 2, committedMetadata: 'm' }, { partitionIndex: 5, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: '' }] },
        { name: 'nope', partitions: [{ partitionIndex: 0, committedOffset: 1, committedLeaderEpoch: -1, committedMetadata: '' }] },
      ],
    });
    expect(committed.topics.map((t: Struct) => [t.name, t.partitions.map((p: Struct) => p.errorCode)])).toEqual([
      ['t', [0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]],
      ['nope', [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]],
    ]);
    const v2 = await call(core, offsetCommit, 2, { groupId: 'g', generationIdOrMemberEpoch: 1, memberId, retentionTimeMs: -1, topics: [{ name: 'u', partitions: [{ partitionIndex: 0, committedOffset: 3, committedMetadata: null }] }] });
    expect(v2.topics[0].partitions[0].errorCode).toBe(0);

    const fetchedV1 = await call(core, offsetFetch, 1, { groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 1] }] });
    expect(fetchedV1.topics[0].partitions.map((p: Struct) => [p.committedOffset, p.metadata])).toEqual([[42, 'm'], [-1, '']]);
    const fetchedAll = await call(core, offsetFetch, 7, { groupId: 'g', topics: null, requireStable: false });
    expect(fetchedAll.errorCode).toBe(0);
    expect(fetchedAll.topics.map((t: Struct) => [t.name, t.partitions[0].committedOffset, t.partitions[0].committedLeaderEpoch])).toEqual([['t', 42, 2], ['u', 3, -1]]);
    const multi = await call(core, offsetFetch, 8, { groups: [{ groupId: 'g', topics: [{ name: 'u', partitionIndexes: [0] }] }, { groupId: 'other', topics: null }], requireStable: false });
    expect(multi.groups.map((g: Struct) => [g.groupId, g.errorCode, g.topics.length])).toEqual([['g', 0, 1], ['other', 0, 0]]);
    expect(multi.groups[0].topics[0].partitions[0].committedOffset).toBe(3);

    const described = await call(core, describeGroups, 5, { groups: ['g', 'missing'], includeAuthorizedOperations: false });
    expect(described.groups[0]).toMatchObject({ groupId: 'g', groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(described.groups[0].members[0]).toMatchObject({ memberId, clientId: 'test-client', clientHost: '/127.0.0.1' });
    expect(described.groups[0].members[0].memberAssignment.toString()).toBe('asg');
    expect(described.groups[1]).toMatchObject({ groupState: 'Dead', errorCode: 0 });

    expect((await call(core, listGroups, 4, { statesFilter: ['stable'] })).groups.map((g: Struct) => g.groupId)).toEqual(['g']);
    expect((await call(core, listGroups, 4, { statesFilter: ['Empty'] })).groups).toEqual([]);
    expect((await call(core, listGroups, 5, { statesFilter: [], typesFilter: ['consumer'] })).groups).toEqual([]);
    expect((await call(core, listGroups, 0, {})).groups[0]).toMatchObject({ groupId: 'g', protocolType: 'consumer' });

    expect((await call(core, deleteGroups, 1, { groupsNames: ['g'] })).results[0].errorCode).toBe(ErrorCode.NON_EMPTY_GROUP);
    const od = await call(core, offsetDelete, 0, { groupId: 'g', topics: [{ name: 't', partitions: [{ partitionIndex: 0 }] }, { name: 'u', partitions: [{ partitionIndex: 0 }] }] });
    expect(od.topics.map((t: Struct) => t.partitions[0].errorCode)).toEqual([ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, 0]);

    const left = await call(core, leaveGroup, 1, { groupId: 'g', memberId: 'ghost' });
    expect(left.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const leftV3 = await call(core, leaveGroup, 3, { groupId: 'g', members: [{ memberId, groupInstanceId: null }] });
    expect(leftV3).toMatchObject({ errorCode: 0, members: [{ memberId, errorCode: 0 }] });
    expect(coordinator.describeGroup('g').groupState).toBe('Empty');
    expect((await call(core, deleteGroups, 2, { groupsNames: ['g', 'g2'] })).results.map((r: Struct) => r.errorCode)).toEqual([0, ErrorCode.GROUP_ID_NOT_FOUND]);
  });
});
