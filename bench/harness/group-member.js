/**
 * A classic consumer-group member on the raw client: JoinGroup (with the
 * MEMBER_ID_REQUIRED round trip), SyncGroup (the leader assigns partitions
 * round-robin), and a heartbeat loop that rejoins when the coordinator says
 * a rebalance is in progress. Enough to time rebalances and drive commits.
 */
import { Writer, concatChunks, decodeMessage, encodeMessage, Reader, consumerProtocolAssignment, consumerProtocolSubscription } from '../../dist/protocol/index.js';
import { ApiKey } from '../raw-client.js';

const MEMBER_ID_REQUIRED = 79;
const REBALANCE_IN_PROGRESS = 27;
const SESSION_TIMEOUT_MS = 10_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A consumer-protocol payload: int16 version 0, then the body. */
function encodePayload(fields, body) {
  const w = new Writer();
  w.int16(0);
  encodeMessage(fields, 0, false, body, w);
  return concatChunks(w.finish());
}

function decodeAssignment(bytes) {
  if (bytes.length === 0) return [];
  const r = new Reader(bytes);
  const version = r.int16();
  const body = decodeMessage(consumerProtocolAssignment, Math.min(version, 3), false, r);
  return body.assignedPartitions.flatMap((tp) => tp.partitions.map((p) => ({ topic: tp.topic, partition: p })));
}

export class GroupMember {
  constructor(client, { groupId, topic, partitions }) {
    this.client = client;
    this.groupId = groupId;
    this.topic = topic;
    this.partitions = partitions;
    this.memberId = '';
    this.generationId = -1;
    this.assigned = [];
    /** When the last SyncGroup answer arrived (hrtime ns), and for which generation. */
    this.syncedAtNs = 0n;
    this.syncedGeneration = -1;
    this.heartbeating = false;
    this.loop = Promise.resolve();
    this.error = null;
  }

  /** Joins (or rejoins) and syncs until the member holds a generation. */
  async joinAndSync() {
    const metadata = encodePayload(consumerProtocolSubscription, { topics: [this.topic], userData: null });
    for (;;) {
      const join = await this.client.request(
        ApiKey.joinGroup,
        {
          groupId: this.groupId,
          sessionTimeoutMs: SESSION_TIMEOUT_MS,
          rebalanceTimeoutMs: SESSION_TIMEOUT_MS,
          memberId: this.memberId,
          groupInstanceId: null,
          protocolType: 'consumer',
          protocols: [{ name: 'roundrobin', metadata }],
          reason: null,
        },
        { allowErrors: [MEMBER_ID_REQUIRED] },
      );
      this.memberId = join.memberId;
      if (join.errorCode === MEMBER_ID_REQUIRED) continue;
      const assignments = join.leader === join.memberId ? this.assign(join.members.map((m) => m.memberId)) : [];
      const sync = await this.client.request(
        ApiKey.syncGroup,
        {
          groupId: this.groupId,
          generationId: join.generationId,
          memberId: this.memberId,
          groupInstanceId: null,
          protocolType: 'consumer',
          protocolName: join.protocolName,
          assignments,
        },
        { allowErrors: [REBALANCE_IN_PROGRESS] },
      );
      if (sync.errorCode === REBALANCE_IN_PROGRESS) continue;
      this.generationId = join.generationId;
      this.assigned = decodeAssignment(sync.assignment);
      this.syncedAtNs = process.hrtime.bigint();
      this.syncedGeneration = join.generationId;
      return;
    }
  }

  assign(memberIds) {
    const sorted = memberIds.slice().sort();
    const owned = new Map(sorted.map((id) => [id, []]));
    for (let p = 0; p < this.partitions; p++) owned.get(sorted[p % sorted.length]).push(p);
    return sorted.map((memberId) => ({
      memberId,
      assignment: encodePayload(consumerProtocolAssignment, { assignedPartitions: [{ topic: this.topic, partitions: owned.get(memberId) }], userData: null }),
    }));
  }

  /** Heartbeats every `intervalMs`; a rebalance in progress makes it rejoin. */
  startHeartbeats(intervalMs) {
    this.heartbeating = true;
    this.loop = (async () => {
      while (this.heartbeating) {
        await sleep(intervalMs);
        if (!this.heartbeating) break;
        const answer = await this.client.request(
          ApiKey.heartbeat,
          { groupId: this.groupId, generationId: this.generationId, memberId: this.memberId, groupInstanceId: null },
          { allowErrors: [REBALANCE_IN_PROGRESS] },
        );
        if (answer.errorCode === REBALANCE_IN_PROGRESS) await this.joinAndSync();
      }
    })().catch((err) => {
      this.heartbeating = false;
      this.error = err;
    });
  }

  /** Stops the loop; throws what made it stop early, if anything did. */
  async stopHeartbeats() {
    this.heartbeating = false;
    await this.loop;
    if (this.error) throw this.error;
  }
}
