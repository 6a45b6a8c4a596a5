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
 *   for the figure with the target.
 * - the same with kafkajs, for what an application sees: from the third
 *   consumer's JoinGroup (kafkajs' request event: when it was sent) to the
 *   last of the three GROUP_JOIN events (after SyncGroup), with heartbeats
 *   every 100 ms and 100 ms fetch waits, which bound how soon the two
 *   running consumers notice. No target: it measures kafkajs' loop.
 * - commits: many committers at once: CONNECTIONS connections, each
 *   committing for GROUPS_PER_CONNECTION groups of its own (standalone
 *   commits, generation -1, as admin tools and manual-assignment consumers
 *   send them) with IN_FLIGHT_PER_GROUP OffsetCommits pipelined per group.
 *   Groups land on different __consumer_offsets partitions. Every commit is
 *   answered only once durable; afterwards OffsetFetch must return each
 *   group's highest acknowledged offset.
 */
import kafkajs from 'kafkajs';
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
const KAFKAJS_REPEATS = 3;
const KAFKAJS_MEMBER = { sessionTimeout: 10_000, rebalanceTimeout: 10_000, heartbeatInterval: 100, maxWaitTimeInMs: 100 };

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

async function until(what, condition) {
  const started = process.hrtime.bigint();
  while (!condition()) {
    if (secondsSince(started) * 1000 > STABLE_TIMEOUT_MS) throw new BrokerError(`kafkajs: no ${what} within ${STABLE_TIMEOUT_MS} ms`);
    await sleep(5);
  }
}

/** kafkajs: two running consumers, then a third; ms from its JoinGroup to the last GROUP_JOIN. */
async function timeKafkajsJoin(port, groupId) {
  const kafka = new kafkajs.Kafka({ clientId: groupId, brokers: [`127.0.0.1:${port}`], logLevel: kafkajs.logLevel.NOTHING });
  const joinedAtMs = [[], [], []];
  const thirdJoinSentMs = [];
  const consumers = joinedAtMs.map((times) => {
    const consumer = kafka.consumer({ groupId, ...KAFKAJS_MEMBER });
    consumer.on(consumer.events.GROUP_JOIN, () => times.push(Date.now()));
    return consumer;
  });
  consumers[2].on(consumers[2].events.REQUEST, (e) => e.payload.apiName === 'JoinGroup' && thirdJoinSentMs.push(e.payload.sentAt));
  const start = async (consumer) => {
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPIC] });
    await consumer.run({ eachMessage: async () => undefined });
  };
  try {
    await start(consumers[0]);
    await until('first GROUP_JOIN', () => joinedAtMs[0].length === 1);
    await start(consumers[1]);
    await until('two-member generation', () => joinedAtMs[0].length === 2 && joinedAtMs[1].length === 1);
    await start(consumers[2]);
    await until('three-member generation', () => joinedAtMs[0].length === 3 && joinedAtMs[1].length === 2 && joinedAtMs[2].length === 1);
    // The last JoinGroup before its GROUP_JOIN (the first only fetches a member id).
    const joinSentMs = Math.max(...thirdJoinSentMs.filter((t) => t <= joinedAtMs[2][0]));
    return Math.max(joinedAtMs[0][2], joinedAtMs[1][1], joinedAtMs[2][0]) - joinSentMs;
  } finally {
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
  }
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
    const kafkajsTimes = [];
    for (let i = 0; i < KAFKAJS_REPEATS; i++) kafkajsTimes.push(await timeKafkajsJoin(broker.port, `bench-kafkajs-${i}`));
    const { commits, elapsed, cpuText } = await measureCommits(broker.port, commitSeconds, broker.pid, open);
    return {
      'last of three members joins to all synced': figure(median(times), 'ms', {
        target: { max: 100 },
        note: `median of ${REBALANCE_REPEATS} fresh groups: ${times.map((t) => t.toFixed(1)).join(', ')} ms; members keep a heartbeat in flight`,
      }),
      'kafkajs: third consumer joins to all GROUP_JOIN': figure(median(kafkajsTimes), 'ms', {
        note: `median of ${KAFKAJS_REPEATS}: ${kafkajsTimes.join(', ')} ms; heartbeats every ${KAFKAJS_MEMBER.heartbeatInterval} ms, fetch wait ${KAFKAJS_MEMBER.maxWaitTimeInMs} ms`,
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
