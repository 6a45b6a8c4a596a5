/**
 * Consumer groups from the broker's side, with raw-client members
 * (harness/group-member.js) on a broker with group.initial.rebalance.delay.ms=0:
 *
 * - rebalance: two members are Stable and keep one Heartbeat in flight each
 *   (the next one goes out ~1 ms after an answer), so they learn of a
 *   rebalance within a round trip instead of a client's heartbeat interval;
 *   a third sends JoinGroup. The figure is the time from that JoinGroup to
 *   the last of the three SyncGroup answers of the new generation: the
 *   broker's own share of a rebalance (join phase, leader assignment, the
 *   durable group record, the syncs). Median over fresh groups.
 *   Real clients add their heartbeat interval on top (kafkajs 3 s, librdkafka
 *   3 s by default), which says nothing about the broker, hence raw members
 *   rather than kafkajs GROUP_JOIN events.
 * - commits: many committers at once: CONNECTIONS connections, each
 *   committing for GROUPS_PER_CONNECTION groups of its own (standalone
 *   commits, generation -1, as admin tools and manual-assignment consumers
 *   send them) with IN_FLIGHT_PER_GROUP OffsetCommits pipelined per group.
 *   Groups land on different __consumer_offsets partitions. Every commit is
 *   answered only once durable; afterwards OffsetFetch must return each
 *   group's highest acknowledged offset.
 */
import { ApiKey, BrokerError, RawClient } from './raw-client.js';
import { startBroker } from './harness/broker-process.js';
import { GroupMember } from './harness/group-member.js';
import { cpuMeter, envNumber, figure, median, secondsSince } from './harness/figures.js';

const TOPIC = 'bench-groups-commits';
const PARTITIONS = 6;
const REBALANCE_REPEATS = 5;
const STABLE_TIMEOUT_MS = 15_000;
const CONNECTIONS = 8;
const GROUPS_PER_CONNECTION = 4;
const IN_FLIGHT_PER_GROUP = 16;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForGeneration(members, generation) {
  const started = process.hrtime.bigint();
  while (!members.every((m) => m.syncedGeneration === generation)) {
    const failed = members.find((m) => m.error);
    if (failed) throw failed.error;
    if (secondsSince(started) * 1000 > STABLE_TIMEOUT_MS) throw new BrokerError(`members did not reach generation ${generation}`);
    await sleep(1);
  }
}

/** One fresh group: two Stable members, then a third; ms from its JoinGroup to all three synced. */
async function timeLastJoin(port, groupId, open) {
  const clients = await Promise.all([0, 1, 2].map((i) => RawClient.connect({ port, clientId: `${groupId}-${i}` })));
  open.push(...clients);
  const members = clients.map((client) => new GroupMember(client, { groupId, topic: TOPIC, partitions: PARTITIONS }));
  const [a, b, c] = members;
  await a.joinAndSync();
  a.startHeartbeats(0);
  await b.joinAndSync();
  await waitForGeneration([a, b], b.generationId);
  b.startHeartbeats(0);
  const started = process.hrtime.bigint();
  await c.joinAndSync();
  await waitForGeneration(members, c.generationId);
  const lastSyncNs = members.reduce((max, m) => (m.syncedAtNs > max ? m.syncedAtNs : max), 0n);
  await Promise.all([a.stopHeartbeats(), b.stopHeartbeats()]);
  const owned = members.flatMap((m) => m.assigned.map((tp) => tp.partition)).sort((x, y) => x - y);
  if (owned.join() !== '0,1,2,3,4,5') throw new BrokerError(`the three members hold partitions ${owned.join()}, not each of 0-5 once`);
  return Number(lastSyncNs - started) / 1e6;
}

/** Pipelined standalone commits for every group of one connection until the deadline. */
async function commitLoop(client, groupIds, deadlineNs, lastAcked) {
  const oneGroup = async (groupId, partition) => {
    let next = 1;
    const send = async () => {
      while (process.hrtime.bigint() < deadlineNs) {
        const offset = next++;
        await client.request(ApiKey.offsetCommit, {
          groupId,
          generationIdOrMemberEpoch: -1,
          memberId: '',
          groupInstanceId: null,
          retentionTimeMs: -1,
          topics: [{ name: TOPIC, partitions: [{ partitionIndex: partition, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] }],
        });
        lastAcked.set(groupId, Math.max(lastAcked.get(groupId) ?? 0, offset));
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT_PER_GROUP }, send));
  };
  await Promise.all(groupIds.map((groupId, i) => oneGroup(groupId, i % PARTITIONS)));
}

async function checkCommitted(client, groupIds, lastAcked) {
  for (const [i, groupId] of groupIds.entries()) {
    const partition = i % GROUPS_PER_CONNECTION % PARTITIONS;
    const answer = await client.request(ApiKey.offsetFetch, { groupId, topics: [{ name: TOPIC, partitionIndexes: [partition] }], requireStable: false });
    const got = answer.topics[0]?.partitions[0]?.committedOffset;
    if (got !== lastAcked.get(groupId)) throw new BrokerError(`group ${groupId} has committed offset ${got}, last acknowledged ${lastAcked.get(groupId)}`);
  }
}

async function measureCommits(port, seconds, brokerPid, open) {
  const clients = await Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => RawClient.connect({ port, clientId: `committer-${c}` })));
  open.push(...clients);
  const groupsOf = (c) => Array.from({ length: GROUPS_PER_CONNECTION }, (_, g) => `bench-committer-${c}-${g}`);
  const lastAcked = new Map();
  const cpu = cpuMeter(brokerPid);
  const started = process.hrtime.bigint();
  const deadlineNs = started + BigInt(Math.round(seconds * 1e9));
  await Promise.all(clients.map((client, c) => commitLoop(client, groupsOf(c), deadlineNs, lastAcked)));
  const elapsed = secondsSince(started);
  const cpuText = cpu.text();
  const allGroups = clients.flatMap((_, c) => groupsOf(c));
  await checkCommitted(clients[0], allGroups, lastAcked);
  const commits = [...lastAcked.values()].reduce((sum, n) => sum + n, 0);
  return { commits, elapsed, cpuText };
}

export async function run() {
  const commitSeconds = envNumber('KGO_BENCH_COMMIT_SECONDS', 3);
  const broker = await startBroker({ settings: { 'group.initial.rebalance.delay.ms': '0' } });
  const open = [];
  try {
    const admin = await RawClient.connect({ port: broker.port });
    open.push(admin);
    await admin.createTopic(TOPIC, PARTITIONS);
    const times = [];
    for (let i = 0; i < REBALANCE_REPEATS; i++) times.push(await timeLastJoin(broker.port, `bench-rebalance-${i}`, open));
    const { commits, elapsed, cpuText } = await measureCommits(broker.port, commitSeconds, broker.pid, open);
    return {
      'last of three members joins to all synced': figure(median(times), 'ms', {
        target: { max: 100 },
        note: `median of ${REBALANCE_REPEATS} fresh groups: ${times.map((t) => t.toFixed(1)).join(', ')} ms; members keep a heartbeat in flight`,
      }),
      'durable offset commits, many committers': figure(commits / elapsed, 'commits/s', {
        target: { min: 20_000 },
        note: `${CONNECTIONS} connections x ${GROUPS_PER_CONNECTION} groups x ${IN_FLIGHT_PER_GROUP} in flight, one partition per commit, ${commits} in ${elapsed.toFixed(1)} s; ${cpuText}`,
      }),
    };
  } finally {
    for (const client of open) client.close();
    await broker.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await run();
  for (const [name, f] of Object.entries(figures)) {
    console.log(`${name}: ${f.value.toFixed(1)} ${f.unit}${f.note ? ` (${f.note})` : ''}`);
  }
  process.exit(0);
}
