import { ManualClock } from '../../../src/common/index.js';
import {
  GroupCoordinator,
  type CoordinatorRecord,
  type GroupCoordinatorConfig,
  type GroupStore,
  type JoinGroupRequest,
  type JoinGroupResult,
} from '../../../src/broker/coordinator/index.js';

/** An in-memory __consumer_offsets: records per partition, with failures and held appends on demand. */
export class MemoryGroupStore implements GroupStore {
  readonly records: (CoordinatorRecord & { partition: number })[] = [];
  failing = false;
  holding = false;
  private held: (() => void)[] = [];

  append(partition: number, records: CoordinatorRecord[]): Promise<void> {
    if (this.failing) return Promise.reject(new Error('disk failure'));
    const write = () => this.records.push(...records.map((r) => ({ ...r, partition })));
    if (!this.holding) {
      write();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.held.push(() => (write(), resolve())));
  }

  release(): void {
    this.holding = false;
    for (const r of this.held.splice(0)) r();
  }

  allRecords(): CoordinatorRecord[] {
    return this.records.map(({ key, value }) => ({ key, value }));
  }
}

export function setup(config: Partial<GroupCoordinatorConfig> = {}) {
  const clock = new ManualClock();
  const store = new MemoryGroupStore();
  const logs: string[] = [];
  const coordinator = new GroupCoordinator({ clock, store, config, log: (m) => logs.push(m) });
  return { clock, store, coordinator, logs };
}

/** Lets resolved promises run their continuations. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface Tracked<T> {
  done: boolean;
  value?: T;
  promise: Promise<T>;
}

export function track<T>(promise: Promise<T>): Tracked<T> {
  const t: Tracked<T> = { done: false, promise };
  promise.then((v) => {
    t.done = true;
    t.value = v;
  });
  return t;
}

export function subscription(topics: string[]): Buffer {
  const parts = [Buffer.from([0, 1]), Buffer.alloc(4)];
  parts[1]!.writeInt32BE(topics.length);
  for (const t of topics) {
    const len = Buffer.alloc(2);
    len.writeInt16BE(Buffer.byteLength(t));
    parts.push(len, Buffer.from(t));
  }
  parts.push(Buffer.from([0xff, 0xff, 0xff, 0xff])); // null user data
  return Buffer.concat(parts);
}

export function joinRequest(overrides: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription(['t']) }],
    clientId: 'client',
    clientHost: '/127.0.0.1',
    requireKnownMemberId: true,
    ...overrides,
  };
}

/** A v4+ first join: MEMBER_ID_REQUIRED, then the join with the given id (parked until the join phase ends). */
export async function joinNew(coordinator: GroupCoordinator, overrides: Partial<JoinGroupRequest> = {}) {
  const first = await coordinator.joinGroup(joinRequest(overrides));
  if (first.errorCode !== 79) throw new Error(`expected MEMBER_ID_REQUIRED, got ${first.errorCode}`);
  return { memberId: first.memberId, join: track(coordinator.joinGroup(joinRequest({ ...overrides, memberId: first.memberId }))) };
}

/** Several members join together (v4+ flow): all first joins, then all joins with their ids. */
export async function joinTogether(coordinator: GroupCoordinator, members: Partial<JoinGroupRequest>[]) {
  const ids: string[] = [];
  for (const m of members) {
    const first = await coordinator.joinGroup(joinRequest(m));
    if (first.errorCode !== 79) throw new Error(`expected MEMBER_ID_REQUIRED, got ${first.errorCode}`);
    ids.push(first.memberId);
  }
  const results = await Promise.all(members.map((m, i) => coordinator.joinGroup(joinRequest({ ...m, memberId: ids[i]! }))));
  return { ids, results };
}

/** Members join together and sync; the leader assigns `A<i>` to member i. */
export async function stableGroup(coordinator: GroupCoordinator, members: Partial<JoinGroupRequest>[]) {
  const { ids, results } = await joinTogether(coordinator, members);
  const generationId = results[0]!.generationId;
  const leader = results[0]!.leader;
  const request = (memberId: string, assignments: { memberId: string; assignment: Buffer }[]) => ({
    groupId: members[0]?.groupId ?? 'g',
    generationId,
    memberId,
    groupInstanceId: null,
    protocolType: null,
    protocolName: null,
    assignments,
  });
  const followers = ids.filter((id) => id !== leader).map((id) => coordinator.syncGroup(request(id, [])));
  await coordinator.syncGroup(request(leader, ids.map((memberId, i) => ({ memberId, assignment: Buffer.from(`A${i}`) }))));
  await Promise.all(followers);
  return { ids, generationId, leader };
}

/** Brings one member to Stable (static members join directly); returns its id and the join result. */
export async function stableSingle(coordinator: GroupCoordinator, overrides: Partial<JoinGroupRequest> = {}) {
  let memberId: string;
  let joined: JoinGroupResult;
  if (overrides.groupInstanceId) {
    joined = await coordinator.joinGroup(joinRequest(overrides));
    memberId = joined.memberId;
  } else {
    const j = await joinNew(coordinator, overrides);
    memberId = j.memberId;
    joined = (await j.join.promise) as JoinGroupResult;
  }
  const sync = await coordinator.syncGroup({
    groupId: overrides.groupId ?? 'g',
    generationId: joined.generationId,
    memberId,
    groupInstanceId: overrides.groupInstanceId ?? null,
    protocolType: null,
    protocolName: null,
    assignments: [{ memberId, assignment: Buffer.from('A1') }],
  });
  return { memberId, joined, sync };
}
