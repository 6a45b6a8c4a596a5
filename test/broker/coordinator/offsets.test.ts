import { describe, expect, it } from 'vitest';
import { decodeKey, ErrorCode, GroupCoordinator, type OffsetCommitRequest } from '../../../src/broker/coordinator/index.js';
import { flush, joinRequest, setup, stableGroup, stableSingle, subscription, track } from './harness.js';

const commit = (overrides: Partial<OffsetCommitRequest> = {}): OffsetCommitRequest => ({
  groupId: 'g',
  generationId: -1,
  memberId: '',
  groupInstanceId: null,
  offsets: [{ topic: 't', partition: 0, offset: 10, leaderEpoch: 3, metadata: 'meta' }],
  ...overrides,
});

describe('committing and fetching offsets', () => {
  it('keeps standalone commits with their metadata and leader epoch; unknown partitions read -1', async () => {
    const { coordinator } = setup();
    const results = await coordinator.commitOffsets(
      commit({ offsets: [{ topic: 't', partition: 0, offset: 10, leaderEpoch: 3, metadata: 'meta' }, { topic: 'u', partition: 2, offset: 7, leaderEpoch: -1, metadata: null }] }),
    );
    expect(results.map((r) => r.errorCode)).toEqual([0, 0]);
    expect(coordinator.describeGroup('g').groupState).toBe('Empty');
    const fetched = coordinator.fetchOffsets('g', [{ name: 't', partitionIndexes: [0, 1] }]);
    expect(fetched.topics[0]!.partitions).toEqual([
      { partitionIndex: 0, committedOffset: 10, committedLeaderEpoch: 3, metadata: 'meta', errorCode: 0 },
      { partitionIndex: 1, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
    ]);
    const all = coordinator.fetchOffsets('g', null);
    expect(all.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.metadata])])).toEqual([
      ['t', [[0, 10, 'meta']]],
      ['u', [[2, 7, '']]],
    ]);
    expect(coordinator.fetchOffsets('nobody', null).topics).toEqual([]);
    expect(coordinator.fetchOffsets('nobody', [{ name: 't', partitionIndexes: [0] }]).topics[0]!.partitions[0]!.committedOffset).toBe(-1);
  });

  it('answers only once the records are durable', async () => {
    const { coordinator, store } = setup();
    store.holding = true;
    const pending = track(coordinator.commitOffsets(commit()));
    await flush();
    expect(pending.done).toBe(false);
    expect(coordinator.fetchOffsets('g', null).topics).toEqual([]);
    store.release();
    expect((await pending.promise)[0]!.errorCode).toBe(0);
    expect(store.records).toHaveLength(1);
    expect(decodeKey(store.records[0]!.key)).toEqual({ kind: 'offset', group: 'g', topic: 't', partition: 0 });
  });

  it('does not apply a commit the store rejected and answers with a retriable error', async () => {
    const { coordinator, store } = setup();
    await coordinator.commitOffsets(commit());
    store.failing = true;
    const results = await coordinator.commitOffsets(commit({ offsets: [{ topic: 't', partition: 0, offset: 99, leaderEpoch: 3, metadata: '' }] }));
    expect(results[0]!.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(coordinator.fetchOffsets('g', null).topics[0]!.partitions[0]!.committedOffset).toBe(10);
  });

  it('refuses metadata larger than offset.metadata.max.bytes, partition by partition', async () => {
    const { coordinator } = setup({ offsetMetadataMaxBytes: 4 });
    const results = await coordinator.commitOffsets(
      commit({ offsets: [{ topic: 't', partition: 0, offset: 1, leaderEpoch: -1, metadata: 'toolong' }, { topic: 't', partition: 1, offset: 1, leaderEpoch: -1, metadata: 'ok' }] }),
    );
    expect(results.map((r) => [r.partition, r.errorCode])).toEqual([
      [0, ErrorCode.OFFSET_METADATA_TOO_LARGE],
      [1, 0],
    ]);
  });

  it('checks member and generation of group commits', async () => {
    const { coordinator } = setup();
    const { memberId } = await stableSingle(coordinator);
    expect((await coordinator.commitOffsets(commit({ generationId: 1, memberId })))[0]!.errorCode).toBe(0);
    expect((await coordinator.commitOffsets(commit({ generationId: 0, memberId })))[0]!.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await coordinator.commitOffsets(commit({ generationId: 1, memberId: 'x' })))[0]!.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await coordinator.commitOffsets(commit()))[0]!.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID); // standalone on a live group
    expect((await coordinator.commitOffsets(commit({ groupId: 'new', generationId: 3, memberId: 'm' })))[0]!.errorCode).toBe(
      ErrorCode.ILLEGAL_GENERATION,
    );
    // a rebalance in progress still takes commits of the current generation; a completing one does not
    const first = await coordinator.joinGroup(joinRequest({ clientId: 'b' }));
    const second = track(coordinator.joinGroup(joinRequest({ clientId: 'b', memberId: first.memberId })));
    expect((await coordinator.commitOffsets(commit({ generationId: 1, memberId })))[0]!.errorCode).toBe(0);
    await coordinator.joinGroup(joinRequest({ memberId }));
    await second.promise;
    expect((await coordinator.commitOffsets(commit({ generationId: 2, memberId })))[0]!.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });
});

describe('deleting groups and offsets', () => {
  it('deletes only empty groups and writes tombstones for the group and its offsets', async () => {
    const { coordinator, store } = setup();
    await coordinator.commitOffsets(commit({ groupId: 'idle' }));
    await stableSingle(coordinator, { groupId: 'busy' });
    const results = await coordinator.deleteGroups(['idle', 'busy', 'missing']);
    expect(results).toEqual([
      { groupId: 'idle', errorCode: 0 },
      { groupId: 'busy', errorCode: ErrorCode.NON_EMPTY_GROUP },
      { groupId: 'missing', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);
    const tombstones = store.records.filter((r) => r.value === null).map((r) => decodeKey(r.key));
    expect(tombstones).toEqual([
      { kind: 'offset', group: 'idle', topic: 't', partition: 0 },
      { kind: 'group', group: 'idle' },
    ]);
    expect(coordinator.listGroups().map((g) => g.groupId)).toEqual(['busy']);
    expect(coordinator.fetchOffsets('idle', null).topics).toEqual([]);
  });

  it('deletes offsets of an empty group, and of topics no member of an active group subscribes to', async () => {
    const { coordinator, store } = setup();
    expect((await coordinator.deleteOffsets('nobody', [{ topic: 't', partition: 0 }])).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    await coordinator.commitOffsets(commit({ groupId: 'idle' }));
    const idle = await coordinator.deleteOffsets('idle', [{ topic: 't', partition: 0 }]);
    expect(idle).toEqual({ errorCode: 0, partitions: [{ topic: 't', partition: 0, errorCode: 0 }] });
    expect(coordinator.fetchOffsets('idle', null).topics).toEqual([]);
    expect(store.records.at(-1)!.value).toBeNull();

    const { memberId } = await stableSingle(coordinator, { protocols: [{ name: 'range', metadata: subscription(['t']) }] });
    await coordinator.commitOffsets(commit({ generationId: 1, memberId, offsets: [
      { topic: 't', partition: 0, offset: 1, leaderEpoch: -1, metadata: '' },
      { topic: 'old', partition: 0, offset: 1, leaderEpoch: -1, metadata: '' },
    ] }));
    const active = await coordinator.deleteOffsets('g', [{ topic: 't', partition: 0 }, { topic: 'old', partition: 0 }]);
    expect(active.partitions.map((p) => [p.topic, p.errorCode])).toEqual([
      ['t', ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC],
      ['old', 0],
    ]);
    expect(coordinator.fetchOffsets('g', null).topics.map((t) => t.name)).toEqual(['t']);
  });

  it('treats an unreadable subscription as subscribed to everything, to be safe', async () => {
    const { coordinator } = setup();
    const { memberId } = await stableSingle(coordinator, { protocols: [{ name: 'range', metadata: Buffer.from([0, 1, 0x7f]) }] });
    await coordinator.commitOffsets(commit({ generationId: 1, memberId }));
    const res = await coordinator.deleteOffsets('g', [{ topic: 'other', partition: 0 }]);
    expect(res.partitions[0]!.errorCode).toBe(ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
  });

  it('refuses OffsetDelete on an active group of another protocol type', async () => {
    const { coordinator } = setup();
    await stableSingle(coordinator, { protocolType: 'connect' });
    expect((await coordinator.deleteOffsets('g', [{ topic: 't', partition: 0 }])).errorCode).toBe(ErrorCode.NON_EMPTY_GROUP);
  });
});

describe('offset expiry', () => {
  const day = 24 * 60 * 60 * 1000;

  it('expires offsets of empty groups after the retention, writes tombstones and drops the group', async () => {
    const { coordinator, clock, store } = setup({ offsetsRetentionMs: day, offsetsRetentionCheckIntervalMs: 60_000 });
    await coordinator.commitOffsets(commit({ groupId: 'standalone' }));
    const { memberId } = await stableSingle(coordinator, { sessionTimeoutMs: 60_000 });
    await coordinator.commitOffsets(commit({ generationId: 1, memberId }));
    for (let t = 0; t < day; t += 50_000) {
      clock.advance(50_000);
      coordinator.heartbeat({ groupId: 'g', generationId: 1, memberId, groupInstanceId: null });
    }
    clock.advance(60_000);
    await flush();
    expect(coordinator.fetchOffsets('standalone', null).topics).toEqual([]);
    expect(coordinator.listGroups().map((g) => g.groupId)).toEqual(['g']);
    expect(coordinator.fetchOffsets('g', null).topics).toHaveLength(1); // Stable: kept
    const tombstones = store.records.filter((r) => r.value === null).map((r) => decodeKey(r.key));
    expect(tombstones).toEqual([
      { kind: 'offset', group: 'standalone', topic: 't', partition: 0 },
      { kind: 'group', group: 'standalone' },
    ]);

    // once the group is empty, the retention counts from then
    coordinator.leaveGroup('g', [{ memberId, groupInstanceId: null }]);
    clock.advance(day - 120_000);
    expect(coordinator.fetchOffsets('g', null).topics).toHaveLength(1);
    clock.advance(180_000);
    expect(coordinator.fetchOffsets('g', null).topics).toEqual([]);
    expect(coordinator.listGroups()).toEqual([]);
  });
});

describe('loading from __consumer_offsets', () => {
  it('rebuilds groups, members, assignments and offsets, honouring tombstones', async () => {
    const { coordinator, store, clock } = setup();
    const { ids } = await stableGroup(coordinator, [{ clientId: 'a' }, { clientId: 'b', groupInstanceId: null }]);
    await coordinator.commitOffsets(commit({ generationId: 1, memberId: ids[0]! }));
    await coordinator.commitOffsets(commit({ generationId: 1, memberId: ids[0]!, offsets: [{ topic: 't', partition: 0, offset: 20, leaderEpoch: 4, metadata: 'later' }] }));
    await coordinator.commitOffsets(commit({ groupId: 'gone' }));
    await coordinator.deleteGroups(['gone']);
    await coordinator.commitOffsets(commit({ groupId: 'idle', offsets: [{ topic: 'x', partition: 1, offset: 5, leaderEpoch: -1, metadata: '' }] }));
    coordinator.close();

    const logs: string[] = [];
    const restarted = new GroupCoordinator({ clock, store, log: (m) => logs.push(m) });
    restarted.load([...store.allRecords(), { key: Buffer.from('0009', 'hex'), value: Buffer.alloc(1) }]);
    const g = restarted.describeGroup('g');
    expect(g.groupState).toBe('Stable');
    expect(g.protocolData).toBe('range');
    expect(g.members.map((m) => [m.memberId, m.memberAssignment.toString()])).toEqual([
      [ids[0], 'A0'],
      [ids[1], 'A1'],
    ]);
    expect(restarted.fetchOffsets('g', null).topics[0]!.partitions[0]).toMatchObject({ committedOffset: 20, committedLeaderEpoch: 4, metadata: 'later' });
    expect(restarted.describeGroup('gone').groupState).toBe('Dead');
    expect(restarted.fetchOffsets('idle', null).topics[0]!.partitions[0]!.committedOffset).toBe(5);
    expect(restarted.listGroups().map((l) => l.groupId).sort()).toEqual(['g', 'idle']);

    // the loaded members can heartbeat and sync at once; silent ones time out and the group empties
    expect(restarted.heartbeat({ groupId: 'g', generationId: 1, memberId: ids[0]!, groupInstanceId: null })).toBe(0);
    const s = await restarted.syncGroup({ groupId: 'g', generationId: 1, memberId: ids[1]!, groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] });
    expect(s.assignment.toString()).toBe('A1');
    clock.advance(5_000);
    expect(restarted.heartbeat({ groupId: 'g', generationId: 1, memberId: ids[0]!, groupInstanceId: null })).toBe(0);
    clock.advance(5_000);
    expect(restarted.describeGroup('g').groupState).toBe('PreparingRebalance');
    expect(restarted.describeGroup('g').members.map((m) => m.memberId)).toEqual([ids[0]]);
    clock.advance(30_000);
    expect(restarted.describeGroup('g').groupState).toBe('Empty');
    restarted.close();
  });
});
