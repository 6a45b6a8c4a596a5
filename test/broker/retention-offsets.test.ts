/**
 * `__consumer_offsets` is compacted by the same log cleaner: after many
 * commits its closed segments keep only the last record per group and
 * partition, and a restarted broker still knows every group's last offsets.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { tempDir } from '../support/broker-process.js';
import { kafkajsClient } from '../interop/clients.js';
import { RawClient } from '../support/raw-client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const GROUPS = 5;
const ROUNDS = 40;

let broker: RunningBroker | undefined;
afterAll(async () => {
  await broker?.close();
});

/** A standalone commit (no generation), as admin tools send them. */
function commit(client: RawClient, groupId: string, offsets: number[]) {
  return client.request(8, 2, {
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    retentionTimeMs: -1,
    topics: [{ name: 'committed', partitions: offsets.map((committedOffset, partitionIndex) => ({ partitionIndex, committedOffset, committedMetadata: null })) }],
  });
}

describe('__consumer_offsets compaction', () => {
  it('keeps the last commit of every group across compaction and a restart', async () => {
    const dataDir = tempDir('kgo-offsets-compaction-');
    const lines: string[] = [];
    const start = () => startBroker({ port: 0, dataDir, log: (m) => lines.push(m), settings: { 'log.cleaner.backoff.ms': '100', 'offsets.topic.num.partitions': '1' } });
    broker = await start();
    const admin = (await kafkajsClient(broker.bootstrap)).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'committed', numPartitions: 2 }] });
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: 2, name: '__consumer_offsets', configEntries: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'segment.bytes', value: '1024' }] }],
    });
    await admin.disconnect();
    const client = await RawClient.connect(broker.port);
    for (let round = 0; round < ROUNDS; round++) {
      for (let g = 0; g < GROUPS; g++) {
        const answer = await commit(client, `group-${g}`, [round * 10 + g, round]);
        expect(answer.topics[0].partitions.map((p: { errorCode: number }) => p.errorCode)).toEqual([0, 0]);
      }
    }
    client.close();
    const removed = () =>
      lines.filter((l) => l.includes('__consumer_offsets-0: compacted')).reduce((sum, l) => sum + Number(/removed (\d+)/.exec(l)![1]), 0);
    for (let i = 0; i < 300 && removed() < GROUPS * 2 * (ROUNDS / 2); i++) await sleep(100);
    expect(removed()).toBeGreaterThanOrEqual(GROUPS * 2 * (ROUNDS / 2));
    await broker.close();

    broker = await start();
    const again = (await kafkajsClient(broker.bootstrap)).admin();
    await again.connect();
    for (let g = 0; g < GROUPS; g++) {
      const [offsets] = await again.fetchOffsets({ groupId: `group-${g}`, topics: ['committed'] });
      expect(offsets!.partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset)).toEqual([String((ROUNDS - 1) * 10 + g), String(ROUNDS - 1)]);
    }
    await again.disconnect();
  }, 60_000);
});
