/**
 * Consumer groups on the broker, with raw-client members (harness/group-member.js):
 * - rebalance: two members are Stable and heartbeating every 10 ms; a third
 *   joins; the figure is the time from its JoinGroup to every member holding
 *   the new generation's assignment (median of 3 fresh groups). Members learn
 *   of the rebalance by heartbeat, so the 10 ms interval is part of it.
 * - commits: the three members then commit offsets of their partitions with
 *   several OffsetCommits in flight each for KGO_BENCH_COMMIT_SECONDS (3);
 *   commits are answered once durable. OffsetFetch must then return each
 *   member's last acknowledged offset.
 */
import { ApiKey, BrokerError, RawClient } from './raw-client.js';
import { startBroker } from './harness/broker-process.js';
import { GroupMember } from './harness/group-member.js';
import { cpuMeter, envNumber, figure, median, secondsSince } from './harness/figures.js';

const TOPIC = 'bench-groups';
const PARTITIONS = 3;
const HEARTBEAT_MS = 10;
const REPEATS = 3;
const COMMITS_IN_FLIGHT = 32;
const STABLE_TIMEOUT_MS = 15_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(members, generation) {
  const started = process.hrtime.bigint();
  while (!members.every((m) => m.syncedGeneration === generation)) {
    const failed = members.find((m) => m.error);
    if (failed) throw failed.error;
    if (secondsSince(started) * 1000 > STABLE_TIMEOUT_MS) throw new BrokerError(`members did not reach generation ${generation}`);
    await sleep(1);
  }
}

/** Two Stable members, then a third: ms from its join until all three hold the new generation. */
async function timeThirdJoin(port, groupId) {
  const clients = await Promise.all([0, 1, 2].map((i) => RawClient.connect({ port, clientId: `${groupId}-${i}` })));
  const members = clients.map((client) => new GroupMember(client, { groupId, topic: TOPIC, partitions: PARTITIONS }));
  const [a, b, c] = members;
  await a.joinAndSync();
  a.startHeartbeats(HEARTBEAT_MS);
  await b.joinAndSync();
  await waitUntil([a, b], b.generationId);
  b.startHeartbeats(HEARTBEAT_MS);
  const started = process.hrtime.bigint();
  await c.joinAndSync();
  c.startHeartbeats(HEARTBEAT_MS);
  await waitUntil(members, c.generationId);
  const lastSyncNs = members.reduce((max, m) => (m.syncedAtNs > max ? m.syncedAtNs : max), 0n);
  const owned = members.flatMap((m) => m.assigned.map((tp) => tp.partition)).sort();
  if (owned.join() !== '0,1,2') throw new BrokerError(`the three members hold partitions ${owned.join()} instead of 0,1,2`);
  return { ms: Number(lastSyncNs - started) / 1e6, members, clients };
}

/** Pipelined durable commits by every member for `seconds`; returns how many were acknowledged. */
async function commitFor(members, seconds) {
  const deadlineNs = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const lastCommitted = new Map();
  const commitLoop = async (member, partition) => {
    let next = 1;
    const send = async () => {
      while (process.hrtime.bigint() < deadlineNs) {
        const offset = next++;
        await member.client.request(ApiKey.offsetCommit, {
          groupId: member.groupId,
          generationIdOrMemberEpoch: member.generationId,
          memberId: member.memberId,
          groupInstanceId: null,
          topics: [{ name: TOPIC, partitions: [{ partitionIndex: partition, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] }],
        });
        // Answers come in request order, so the last one answered is the highest.
        lastCommitted.set(partition, offset);
      }
    };
    await Promise.all(Array.from({ length: COMMITS_IN_FLIGHT }, send));
  };
  const started = process.hrtime.bigint();
  await Promise.all(members.map((m) => commitLoop(m, m.assigned[0].partition)));
  const elapsed = secondsSince(started);
  return { lastCommitted, elapsed, commits: [...lastCommitted.values()].reduce((a, b) => a + b, 0) };
}

async function checkCommitted(client, groupId, lastCommitted) {
  const answer = await client.request(ApiKey.offsetFetch, {
    groupId,
    topics: [{ name: TOPIC, partitionIndexes: [0, 1, 2] }],
    requireStable: false,
  });
  for (const p of answer.topics.flatMap((t) => t.partitions)) {
    if (p.committedOffset !== lastCommitted.get(p.partitionIndex)) {
      throw new BrokerError(`partition ${p.partitionIndex} has committed offset ${p.committedOffset}, last acknowledged ${lastCommitted.get(p.partitionIndex)}`);
    }
  }
}

export async function run() {
  const commitSeconds = envNumber('KGO_BENCH_COMMIT_SECONDS', 3);
  const broker = await startBroker();
  const open = [];
  try {
    const admin = await RawClient.connect({ port: broker.port });
    open.push(admin);
    await admin.createTopic(TOPIC, PARTITIONS);
    const times = [];
    let last;
    for (let i = 0; i < REPEATS; i++) {
      last = await timeThirdJoin(broker.port, `bench-group-${i}`);
      open.push(...last.clients);
      times.push(last.ms);
      if (i < REPEATS - 1) await Promise.all(last.members.map((m) => m.stopHeartbeats()));
    }
    const cpu = cpuMeter(broker.pid);
    const { lastCommitted, elapsed, commits } = await commitFor(last.members, commitSeconds);
    const cpuText = cpu.text();
    await Promise.all(last.members.map((m) => m.stopHeartbeats()));
    await checkCommitted(admin, last.members[0].groupId, lastCommitted);
    return {
      'third member join to all Stable': figure(median(times), 'ms', {
        note: `median of ${REPEATS}: ${times.map((t) => t.toFixed(1)).join(', ')} ms; heartbeats every ${HEARTBEAT_MS} ms`,
      }),
      'durable offset commits': figure(commits / elapsed, 'commits/s', {
        target: { min: 20_000 },
        note: `3 members x ${COMMITS_IN_FLIGHT} in flight, one partition per commit, ${commits} in ${elapsed.toFixed(1)} s; ${cpuText}`,
      }),
    };
  } finally {
    for (const client of open) client.close();
    await broker.stop();
  }
}
