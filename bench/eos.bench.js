/**
 * Exactly-once costs, measured in one run against one `kgo serve`:
 * - idempotent produce throughput against plain produce: the same 16 KiB
 *   batches of 100-byte records, acks=1, 5 in flight (the most an idempotent
 *   producer may have), the idempotent ones carrying a producer id and
 *   consecutive sequences (so the broker checks and records each batch);
 * - transactions of 100 records (one batch): AddPartitionsToTxn, Produce,
 *   EndTxn(commit) with its marker, acks=all, one after another: commits/s.
 * Sizes: KGO_BENCH_EOS_MIB (256) for each produce run, KGO_BENCH_EOS_TXNS (500).
 */
import { buildRecordBatchSync, computeBatchCrc } from '../dist/protocol/index.js';
import { RawClient, OffsetLedger, BrokerError } from './raw-client.js';
import { startBroker } from './harness/broker-process.js';
import { cpuMeter, envNumber, figure, secondsSince } from './harness/figures.js';

const MIB = 1024 * 1024;
const IN_FLIGHT = 5;
const BATCH_BYTES_MAX = 16 * 1024;
const RECORD_BYTES = 100;
const CRC_OFFSET = 17;
const SEQUENCE_OFFSET = 53;
const INIT_PRODUCER_ID = 22;
const ADD_PARTITIONS_TO_TXN = 24;
const END_TXN = 26;

function template(producerId, transactional, recordsCount) {
  const value = Buffer.alloc(RECORD_BYTES, 0x61);
  const records = Array.from({ length: recordsCount }, () => ({ key: null, value }));
  return buildRecordBatchSync({ records, producerId, producerEpoch: producerId >= 0 ? 0 : -1, baseSequence: producerId >= 0 ? 0 : -1, transactional });
}

/** `count` copies of one batch; with a producer id each gets the next sequences and a fresh CRC. */
function sequencedBatches(producerId, count, recordsCount, transactional = false) {
  const base = template(producerId, transactional, recordsCount);
  return Array.from({ length: count }, (_, i) => {
    const batch = Buffer.from(base);
    if (producerId >= 0) {
      batch.writeInt32BE(i * recordsCount, SEQUENCE_OFFSET);
      batch.writeUInt32BE(computeBatchCrc(batch, 0, batch.length), CRC_OFFSET);
    }
    return batch;
  });
}

async function producePipelined(client, topic, batches, recordsCount) {
  const ledger = new OffsetLedger();
  let next = 0;
  const lane = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      ledger.add(await client.produce(topic, 0, batch, 1), recordsCount);
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const seconds = secondsSince(started);
  ledger.verify(batches.length * recordsCount);
  return seconds;
}

/** Rounds alternate plain and idempotent, so load from elsewhere on the machine hits both alike. */
const ROUNDS = 4;

async function throughput(client, brokerPid, totalBytes) {
  const recordsCount = Math.floor((BATCH_BYTES_MAX - 61) / (RECORD_BYTES + 10));
  const perRound = Math.ceil(totalBytes / ROUNDS / template(-1, false, recordsCount).length);
  const { producerId } = await client.request(INIT_PRODUCER_ID, { transactionalId: null, transactionTimeoutMs: 60_000 }, { version: 1 });
  await client.createTopic('bench-eos-warm', 1);
  await producePipelined(client, 'bench-eos-warm', sequencedBatches(-1, 200, recordsCount), recordsCount);
  const plainBatches = sequencedBatches(-1, perRound, recordsCount);
  const seconds = { plain: 0, idempotent: 0 };
  const cpu = cpuMeter(brokerPid);
  for (let round = 0; round < ROUNDS; round++) {
    await client.createTopic(`bench-eos-plain-${round}`, 1);
    await client.createTopic(`bench-eos-idempotent-${round}`, 1);
    // Each round writes a new partition, where the producer's sequences start again at 0.
    const idempotentBatches = sequencedBatches(producerId, perRound, recordsCount);
    const plainRun = () => producePipelined(client, `bench-eos-plain-${round}`, plainBatches, recordsCount);
    const idempotentRun = () => producePipelined(client, `bench-eos-idempotent-${round}`, idempotentBatches, recordsCount);
    // Which goes first alternates too, so neither always follows the other's writes.
    if (round % 2 === 0) {
      seconds.plain += await plainRun();
      seconds.idempotent += await idempotentRun();
    } else {
      seconds.idempotent += await idempotentRun();
      seconds.plain += await plainRun();
    }
  }
  const mb = (perRound * ROUNDS * plainBatches[0].length) / 1e6;
  const plain = mb / seconds.plain;
  return {
    plain: figure(plain, 'MB/s', { note: `${ROUNDS} rounds of ${perRound} batches of ${recordsCount} records, ${IN_FLIGHT} in flight, acks=1` }),
    idempotent: figure(mb / seconds.idempotent, 'MB/s', {
      reference: { name: 'plain produce', value: plain },
      target: { ratioMin: 0.9 },
      note: `the same batches with producer id ${producerId} and consecutive sequences, rounds alternating with plain; ${cpu.text()} (both)`,
    }),
  };
}

async function transactions(client, brokerPid, txns) {
  const transactionalId = 'bench-eos-txn';
  const topic = 'bench-eos-txn';
  await client.createTopic(topic, 1);
  const { producerId, producerEpoch } = await client.request(INIT_PRODUCER_ID, { transactionalId, transactionTimeoutMs: 60_000 }, { version: 1 });
  const ids = { transactionalId, producerId, producerEpoch };
  const batches = sequencedBatches(producerId, txns, 100, true);
  const cpu = cpuMeter(brokerPid);
  const started = process.hrtime.bigint();
  for (const batch of batches) {
    await client.request(ADD_PARTITIONS_TO_TXN, { v3AndBelowTransactionalId: transactionalId, v3AndBelowProducerId: producerId, v3AndBelowProducerEpoch: producerEpoch, v3AndBelowTopics: [{ name: topic, partitions: [0] }] }, { version: 1 });
    const answer = await client.request(0, { transactionalId, acks: -1, timeoutMs: 30_000, topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }] });
    if (answer.responses[0].partitionResponses[0].baseOffset < 0) throw new BrokerError('transactional produce got no offset');
    await client.request(END_TXN, { ...ids, committed: true }, { version: 1 });
  }
  const seconds = secondsSince(started);
  return figure(txns / seconds, 'commits/s', { note: `${txns} transactions of 100 records (one batch) one after another, acks=all; ${cpu.text()}` });
}

export async function run() {
  const totalBytes = envNumber('KGO_BENCH_EOS_MIB', 256) * MIB;
  const txns = envNumber('KGO_BENCH_EOS_TXNS', 500);
  const broker = await startBroker();
  let client;
  try {
    client = await RawClient.connect({ port: broker.port });
    const produced = await throughput(client, broker.pid, totalBytes);
    return {
      'plain produce': produced.plain,
      'idempotent produce': produced.idempotent,
      'transactions of 100 records': await transactions(client, broker.pid, txns),
    };
  } finally {
    client?.close();
    await broker.stop();
  }
}
