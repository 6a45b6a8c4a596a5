import { describe, expect, it } from 'vitest';
import { decodeGroupMetadataValue, decodeKey, ErrorCode, type JoinGroupResult } from '../../../src/broker/coordinator/index.js';
import { flush, joinNew, joinRequest, joinTogether, setup, stableGroup, stableSingle, subscription, track } from './harness.js';

const sync = (memberId: string, generationId: number, assignments: { memberId: string; assignment: Buffer }[] = [], groupInstanceId: string | null = null) => ({
  groupId: 'g',
  generationId,
  memberId,
  groupInstanceId,
  protocolType: null,
  protocolName: null,
  assignments,
});

const hb = (memberId: string, generationId: number, groupInstanceId: string | null = null) => ({ groupId: 'g', generationId, memberId, groupInstanceId });

describe('joining', () => {
  it('gives a new v4+ member its id with MEMBER_ID_REQUIRED, then admits it', async () => {
    const { coordinator } = setup();
    const first = await coordinator.joinGroup(joinRequest({ clientId: 'rdkafka' }));
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^rdkafka-[0-9a-f-]{36}$/);
    expect(coordinator.describeGroup('g').groupState).toBe('Empty');
    const joined = await coordinator.joinGroup(joinRequest({ memberId: first.memberId }));
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, leader: first.memberId, memberId: first.memberId, protocolName: 'range' });
    expect(joined.members.map((m) => m.memberId)).toEqual([first.memberId]);
    expect(coordinator.describeGroup('g').groupState).toBe('CompletingRebalance');
  });

  it('admits a v0-v3 member directly', async () => {
    const { coordinator } = setup();
    const joined = await coordinator.joinGroup(joinRequest({ requireKnownMemberId: false }));
    expect(joined.errorCode).toBe(0);
    expect(joined.generationId).toBe(1);
  });

  it('three members: one leader with every member metadata, generation 1', async () => {
    const { coordinator } = setup();
    const metas = [subscription(['a']), subscription(['b']), subscription(['c'])];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await coordinator.joinGroup(joinRequest({ clientId: `c${i}`, protocols: [{ name: 'range', metadata: metas[i]! }] }));
      ids.push(r.memberId);
    }
    const joinWithId = (i: number) =>
      track(coordinator.joinGroup(joinRequest({ memberId: ids[i]!, clientId: `c${i}`, protocols: [{ name: 'range', metadata: metas[i]! }] })));
    const joins = [joinWithId(0), joinWithId(1)];
    await flush();
    expect(joins[0]!.done || joins[1]!.done).toBe(false); // parked until the third id comes back
    joins.push(joinWithId(2));
    const results = (await Promise.all(joins.map((j) => j.promise))) as JoinGroupResult[];
    expect(results.every((r) => r.errorCode === 0 && r.generationId === 1 && r.leader === ids[0])).toBe(true);
    expect(results[0]!.members.map((m) => [m.memberId, m.metadata])).toEqual(ids.map((id, i) => [id, metas[i]]));
    expect(results[1]!.members).toEqual([]);
    expect(results[2]!.members).toEqual([]);

    // followers wait for the leader's assignment, which is stored before anyone is answered
    const s1 = track(coordinator.syncGroup(sync(ids[1]!, 1)));
    await flush();
    expect(s1.done).toBe(false);
    const assignments = ids.map((memberId, i) => ({ memberId, assignment: Buffer.from(`part-${i}`) }));
    const s0 = await coordinator.syncGroup(sync(ids[0]!, 1, assignments));
    expect(s0.assignment.toString()).toBe('part-0');
    expect((await s1.promise).assignment.toString()).toBe('part-1');
    expect((await coordinator.syncGroup(sync(ids[2]!, 1))).assignment.toString()).toBe('part-2');
    expect(coordinator.describeGroup('g').groupState).toBe('Stable');
  });

  it('waits for the initial rebalance delay to batch members that start together', async () => {
    const { coordinator, clock } = setup({ initialRebalanceDelayMs: 3000 });
    const a = track(coordinator.joinGroup(joinRequest({ requireKnownMemberId: false })));
    clock.advance(2000);
    const b = track(coordinator.joinGroup(joinRequest({ requireKnownMemberId: false })));
    clock.advance(2000);
    await flush();
    expect(a.done).toBe(false); // b's arrival extended the wait by one delay, to 6000
    clock.advance(2000);
    const [ra, rb] = await Promise.all([a.promise, b.promise]);
    expect(ra.generationId).toBe(1);
    expect(rb.generationId).toBe(1);
    expect(ra.members.length + rb.members.length).toBe(2);
  });

  it('chooses a protocol every member supports and refuses members with none in common', async () => {
    const { coordinator, clock } = setup({ initialRebalanceDelayMs: 100 });
    const m = Buffer.from('x');
    const a = track(coordinator.joinGroup(joinRequest({ requireKnownMemberId: false, protocols: [{ name: 'roundrobin', metadata: m }, { name: 'range', metadata: m }] })));
    const b = track(coordinator.joinGroup(joinRequest({ requireKnownMemberId: false, protocols: [{ name: 'cooperative-sticky', metadata: m }, { name: 'range', metadata: m }] })));
    const bad = await coordinator.joinGroup(joinRequest({ requireKnownMemberId: false, protocols: [{ name: 'sticky', metadata: m }] }));
    expect(bad.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const wrongType = await coordinator.joinGroup(joinRequest({ requireKnownMemberId: false, protocolType: 'connect' }));
    expect(wrongType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    clock.advance(200); // b extended the initial delay once
    expect((await a.promise).protocolName).toBe('range');
    expect((await b.promise).protocolName).toBe('range');
  });

  it('refuses session timeouts outside the configured range and empty group ids', async () => {
    const { coordinator } = setup();
    expect((await coordinator.joinGroup(joinRequest({ sessionTimeoutMs: 5999 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await coordinator.joinGroup(joinRequest({ sessionTimeoutMs: 1_800_001 }))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await coordinator.joinGroup(joinRequest({ groupId: '' }))).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await coordinator.joinGroup(joinRequest({ memberId: 'ghost' }))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('forgets a pending member id that does not come back within the session timeout', async () => {
    const { coordinator, clock } = setup();
    const first = await coordinator.joinGroup(joinRequest());
    clock.advance(10_000);
    const late = await coordinator.joinGroup(joinRequest({ memberId: first.memberId }));
    expect(late.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });
});

describe('rebalancing', () => {
  it('answers heartbeats during a rebalance with REBALANCE_IN_PROGRESS', async () => {
    const { coordinator } = setup();
    const a = await stableSingle(coordinator);
    expect(coordinator.heartbeat(hb(a.memberId, 1))).toBe(ErrorCode.NONE);
    const b = await joinNew(coordinator, { clientId: 'b' });
    expect(coordinator.describeGroup('g').groupState).toBe('PreparingRebalance');
    expect(coordinator.heartbeat(hb(a.memberId, 1))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect((await coordinator.syncGroup(sync(a.memberId, 1))).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const rejoin = await coordinator.joinGroup(joinRequest({ memberId: a.memberId }));
    expect(rejoin.generationId).toBe(2);
    expect((await b.join.promise).generationId).toBe(2);
    expect(coordinator.heartbeat(hb(a.memberId, 2))).toBe(ErrorCode.NONE); // CompletingRebalance
  });

  it('removes a member whose session times out, and the others rebalance without it', async () => {
    const { coordinator, clock } = setup();
    const { ids, generationId: gen } = await stableGroup(coordinator, [{ clientId: 'a' }, { clientId: 'b' }]);
    const a = { memberId: ids[0]! };
    const b = { memberId: ids[1]! };
    for (let i = 0; i < 3; i++) {
      clock.advance(4000);
      expect(coordinator.heartbeat(hb(a.memberId, gen))).toBe(i < 2 ? ErrorCode.NONE : ErrorCode.REBALANCE_IN_PROGRESS);
    }
    const desc = coordinator.describeGroup('g');
    expect(desc.groupState).toBe('PreparingRebalance');
    expect(desc.members.map((m) => m.memberId)).toEqual([a.memberId]);
    const rejoined = await coordinator.joinGroup(joinRequest({ memberId: a.memberId, clientId: 'a' }));
    expect(rejoined).toMatchObject({ generationId: gen + 1, leader: a.memberId });
    expect(rejoined.members).toHaveLength(1);
    expect(coordinator.heartbeat(hb(b.memberId, gen))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('gives the join phase the largest rebalance timeout of the members', async () => {
    const { coordinator, clock } = setup();
    const { ids, generationId: gen } = await stableGroup(coordinator, [
      { clientId: 'a', rebalanceTimeoutMs: 20_000 },
      { clientId: 'b', rebalanceTimeoutMs: 60_000 },
    ]);
    const a = { memberId: ids[0]! };
    const b = { memberId: ids[1]! };
    const c = await joinNew(coordinator, { clientId: 'c', rebalanceTimeoutMs: 20_000 });
    const aJoin = track(coordinator.joinGroup(joinRequest({ memberId: a.memberId, clientId: 'a', rebalanceTimeoutMs: 20_000 })));
    // b keeps heartbeating but never rejoins
    for (let t = 0; t < 55_000; t += 5000) {
      clock.advance(5000);
      expect(coordinator.heartbeat(hb(b.memberId, gen))).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    }
    await flush();
    expect(aJoin.done).toBe(false);
    clock.advance(5000);
    const done = (await aJoin.promise) as JoinGroupResult;
    expect(done.generationId).toBe(gen + 1);
    expect(done.members.map((m) => m.memberId).sort()).toEqual([a.memberId, c.memberId].sort());
    expect(coordinator.heartbeat(hb(b.memberId, gen))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('removes members that do not send SyncGroup within the rebalance timeout', async () => {
    const { coordinator, clock } = setup();
    const { ids, results } = await joinTogether(coordinator, [
      { clientId: 'a', sessionTimeoutMs: 45_000 },
      { clientId: 'b', sessionTimeoutMs: 45_000 },
    ]);
    const gen = results[0]!.generationId;
    const a = { memberId: ids[0]! };
    const b = { memberId: ids[1]! };
    await coordinator.syncGroup(sync(a.memberId, gen, []));
    expect(coordinator.describeGroup('g').groupState).toBe('Stable');
    clock.advance(5000);
    coordinator.heartbeat(hb(a.memberId, gen));
    clock.advance(5000);
    coordinator.heartbeat(hb(a.memberId, gen));
    coordinator.heartbeat(hb(b.memberId, gen)); // alive, but never syncs
    clock.advance(20_000);
    const desc = coordinator.describeGroup('g');
    expect(desc.groupState).toBe('PreparingRebalance');
    expect(desc.members.map((m) => m.memberId)).toEqual([a.memberId]);
  });

  it('answers a follower rejoining with unchanged metadata at once, and rebalances on changed metadata', async () => {
    const { coordinator } = setup();
    const { ids } = await stableGroup(coordinator, [{ clientId: 'a' }, { clientId: 'b' }]);
    const a = { memberId: ids[0]! };
    const b = { memberId: ids[1]! };
    const same = await coordinator.joinGroup(joinRequest({ memberId: b.memberId, clientId: 'b' }));
    expect(same).toMatchObject({ errorCode: 0, generationId: 1, leader: a.memberId, members: [] });
    expect(coordinator.describeGroup('g').groupState).toBe('Stable');
    const changed = track(
      coordinator.joinGroup(joinRequest({ memberId: b.memberId, clientId: 'b', protocols: [{ name: 'range', metadata: subscription(['t', 'u']) }] })),
    );
    expect(coordinator.describeGroup('g').groupState).toBe('PreparingRebalance');
    await coordinator.joinGroup(joinRequest({ memberId: a.memberId, clientId: 'a' }));
    expect(((await changed.promise) as JoinGroupResult).generationId).toBe(2);
  });

  it('rebalances when the leader rejoins a stable group, even unchanged (it may want to reassign)', async () => {
    const { coordinator } = setup();
    const { ids, leader } = await stableGroup(coordinator, [{ clientId: 'a' }, { clientId: 'b' }]);
    const leaderJoin = track(coordinator.joinGroup(joinRequest({ memberId: leader, clientId: 'a' })));
    expect(coordinator.describeGroup('g').groupState).toBe('PreparingRebalance');
    const follower = await coordinator.joinGroup(joinRequest({ memberId: ids[1]!, clientId: 'b' }));
    expect(follower.generationId).toBe(2);
    expect(((await leaderJoin.promise) as JoinGroupResult).members).toHaveLength(2);
  });

  it('refuses stale generations and unknown members', async () => {
    const { coordinator } = setup();
    const a = await stableSingle(coordinator);
    expect((await coordinator.syncGroup(sync(a.memberId, 0))).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await coordinator.syncGroup(sync('nobody', 1))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat(hb(a.memberId, 7))).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.heartbeat(hb('nobody', 1))).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat({ ...hb(a.memberId, 1), groupId: 'other' })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('leaving rebalances the rest; the last member leaving empties the group and stores it', async () => {
    const { coordinator, store } = setup();
    const a = await stableSingle(coordinator);
    const left = coordinator.leaveGroup('g', [{ memberId: a.memberId, groupInstanceId: null }, { memberId: 'ghost', groupInstanceId: null }]);
    expect(left.members.map((m) => m.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(coordinator.describeGroup('g').groupState).toBe('Empty');
    await flush();
    const last = store.records.filter((r) => decodeKey(r.key)?.kind === 'group').at(-1)!;
    expect(decodeGroupMetadataValue(last.value!)).toMatchObject({ generation: 2, members: [], protocol: null });
  });

  it('fails every parked sync and rebalances when the assignment cannot be stored', async () => {
    const { coordinator, store } = setup();
    const { ids } = await joinTogether(coordinator, [{ clientId: 'a' }, { clientId: 'b' }]);
    const a = { memberId: ids[0]! };
    const b = { memberId: ids[1]! };
    const follower = track(coordinator.syncGroup(sync(b.memberId, 1)));
    store.failing = true;
    const leader = await coordinator.syncGroup(sync(a.memberId, 1, []));
    expect(leader.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect((await follower.promise).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(coordinator.describeGroup('g').groupState).toBe('PreparingRebalance');
  });
});

describe('static membership', () => {
  it('gives a restarted static member its assignment back without a rebalance, and fences the old id', async () => {
    const { coordinator } = setup();
    const s = await stableSingle(coordinator, { groupInstanceId: 'host-1' });
    expect(s.memberId).toMatch(/^host-1-/);
    expect(s.sync.assignment.toString()).toBe('A1');
    const restarted = await coordinator.joinGroup(joinRequest({ groupInstanceId: 'host-1' }));
    expect(restarted.errorCode).toBe(0);
    expect(restarted.memberId).not.toBe(s.memberId);
    expect(restarted.generationId).toBe(1);
    expect(restarted.leader).toBe(s.memberId); // the old leader id: no reassignment by the returning leader
    expect(coordinator.describeGroup('g').groupState).toBe('Stable');
    const again = await coordinator.syncGroup(sync(restarted.memberId, 1, [], 'host-1'));
    expect(again).toMatchObject({ errorCode: 0 });
    expect(again.assignment.toString()).toBe('A1');
    expect(coordinator.heartbeat(hb(s.memberId, 1, 'host-1'))).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(coordinator.heartbeat(hb(restarted.memberId, 1, 'host-1'))).toBe(ErrorCode.NONE);
    const impostor = await coordinator.joinGroup(joinRequest({ groupInstanceId: 'host-1', memberId: 'host-1-fake' }));
    expect(impostor.errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    const leaveByInstance = coordinator.leaveGroup('g', [{ memberId: s.memberId, groupInstanceId: 'host-1' }]);
    expect(leaveByInstance.members[0]!.errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
  });

  it('a static member that left by instance id is gone', async () => {
    const { coordinator } = setup();
    await stableSingle(coordinator, { groupInstanceId: 'host-1' });
    const left = coordinator.leaveGroup('g', [{ memberId: '', groupInstanceId: 'host-1' }]);
    expect(left.members[0]!.errorCode).toBe(ErrorCode.NONE);
    expect(coordinator.describeGroup('g').groupState).toBe('Empty');
  });
});
