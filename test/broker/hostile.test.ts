/**
 * A real `kgo serve` under hostile input on raw sockets, with a seeded
 * generator so a failure replays: random bytes, frames declaring sizes past
 * socket.request.max.bytes, valid headers over garbage bodies for every API
 * and version it serves, unknown API keys and versions, array counts of
 * 2^31-1 in tiny frames, and a few hundred idle half-open connections.
 * Afterwards it must still answer kafkajs and its memory must not balloon.
 * Also Kafka's ApiVersions rule on the wire: a too-new version gets error 35
 * with a v0 body, which kcat (starting at v3) relies on.
 *
 * Frames are written by hand here, independently of kgo's codec.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBroker, type BrokerProcess } from '../support/broker-process.js';
import { hasKcat } from '../support/interop.js';
import { kafkajsClient, kcat } from '../interop/clients.js';

const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const SEED = Number(process.env.KGO_FUZZ_SEED ?? 20261124);
const FRAME_BYTES_MAX = 1024 * 1024;
const IDLE_CONNECTIONS = 300;
const RSS_GROWTH_BYTES_MAX = 200 * 1024 * 1024;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(next: () => number, length: number): Buffer {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = Math.floor(next() * 256);
  return b;
}

/** A request frame: size, header v1 (or v2 when `flexible`), body. */
function frame(apiKey: number, apiVersion: number, correlationId: number, body: Buffer, flexible = false): Buffer {
  const clientId = Buffer.from('hostile');
  const header = Buffer.alloc(10 + clientId.length);
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(clientId.length, 8);
  clientId.copy(header, 10);
  const parts = [header, ...(flexible ? [Buffer.from([0])] : []), body];
  const size = Buffer.alloc(4);
  size.writeInt32BE(parts.reduce((n, p) => n + p.length, 0));
  return Buffer.concat([size, ...parts]);
}

interface ProbeResult {
  closed: boolean;
  received: Buffer;
}

/** Sends `bytes`, then waits for one whole response frame, the broker closing the socket, or `waitMs`. */
function probe(port: number, bytes: Buffer, waitMs = 1_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: '127.0.0.1', port });
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ closed, received: Buffer.concat(chunks) });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const got = Buffer.concat(chunks);
      if (got.length >= 4 && got.length >= 4 + got.readInt32BE(0)) finish(false);
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => socket.write(bytes));
  });
}

async function inBatches<T>(items: T[], size: number, f: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(f));
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** The broker's ApiVersions v0 answer: [apiKey, min, max] triples. */
async function servedApis(port: number): Promise<[number, number, number][]> {
  const { received } = await probe(port, frame(18, 0, 1, Buffer.alloc(0)), 2_000);
  expect(received.readInt16BE(8)).toBe(0);
  const count = received.readInt32BE(10);
  return Array.from({ length: count }, (_, i) => {
    const at = 14 + i * 6;
    return [received.readInt16BE(at), received.readInt16BE(at + 2), received.readInt16BE(at + 4)] as [number, number, number];
  });
}

describe('kgo serve under hostile input', () => {
  let broker: BrokerProcess;
  let rssBefore = 0;
  const next = random(SEED);

  beforeAll(async () => {
    broker = await spawnBroker({ settings: { 'socket.request.max.bytes': String(FRAME_BYTES_MAX) } });
    rssBefore = rssBytes(broker.pid);
  });

  afterAll(async () => {
    await broker?.stop();
    if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
  });

  it(`answers an ApiVersions v99 with error 35 and a v0 body (seed ${SEED})`, async () => {
    // ApiVersions is flexible from v3 on, so a newer client writes header v2 (as Kafka reads it).
    const body = Buffer.from([3, 0x6e, 0x65, 0x77, 2, 0x39, 0]); // compact strings "new", "9", no tags
    const { received } = await probe(broker.port, frame(18, 99, 4242, body, true), 2_000);
    expect(received.length).toBe(20);
    const maxVersion = received.readInt16BE(18);
    expect(maxVersion).toBeGreaterThanOrEqual(3);
    const expected = Buffer.alloc(20);
    expected.writeInt32BE(16, 0); // size
    expected.writeInt32BE(4242, 4); // correlation id, header v0
    expected.writeInt16BE(35, 8); // UNSUPPORTED_VERSION
    expected.writeInt32BE(1, 10); // one entry, int32 count (v0), no tagged fields
    expected.writeInt16BE(18, 14);
    expected.writeInt16BE(0, 16);
    expected.writeInt16BE(maxVersion, 18);
    expect(received).toEqual(expected);
  });

  it.skipIf(!hasKcat())('lets kcat connect, starting at ApiVersions v3', async () => {
    const md = JSON.parse((await kcat(['-L', '-J', '-b', broker.bootstrap])).stdout) as { brokers: { id: number }[] };
    expect(md.brokers.map((b) => b.id)).toEqual([0]);
  });

  it('closes connections that declare frames above socket.request.max.bytes', async () => {
    for (const size of [FRAME_BYTES_MAX + 1, 0x7fffffff, -1, -2147483648]) {
      const head = Buffer.alloc(4 + 64);
      head.writeInt32BE(size, 0);
      const { closed } = await probe(broker.port, head, 5_000);
      expect(closed, `declared size ${size}`).toBe(true);
    }
  });

  it('closes connections that ask for unknown API keys or unsupported versions', async () => {
    const apis = await servedApis(broker.port);
    const served = new Set(apis.map(([k]) => k));
    const unknownKeys = [-1, 999, 32767, ...Array.from({ length: 80 }, (_, k) => k).filter((k) => !served.has(k)).slice(0, 10)];
    for (const key of unknownKeys) {
      expect((await probe(broker.port, frame(key, 0, 7, randomBytes(next, 16)), 3_000)).closed, `api key ${key}`).toBe(true);
    }
    for (const [key, , max] of apis.filter(([k]) => k !== 18)) {
      expect((await probe(broker.port, frame(key, max + 1, 7, randomBytes(next, 16)), 3_000)).closed, `api ${key} v${max + 1}`).toBe(true);
    }
  });

  it('survives array counts of 2^31-1 in tiny frames', async () => {
    const huge = Buffer.alloc(4);
    huge.writeInt32BE(0x7fffffff);
    const cases = [
      frame(3, 1, 1, huge), // Metadata topics
      frame(0, 7, 2, Buffer.concat([Buffer.from([0xff, 0xff, 0, 0, 0, 1, 0, 0, 0, 0]), huge])), // Produce: txn id null, acks, timeout, topics
      frame(19, 3, 3, huge), // CreateTopics
      frame(1, 11, 4, Buffer.concat([Buffer.alloc(21), huge])), // Fetch topics after the fixed fields
      frame(3, 9, 5, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x07]), true), // Metadata v9: compact array, varint 2^31-1 + 1
      frame(18, 3, 6, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x07]), true), // ApiVersions v3 compact string length
    ];
    for (const [i, bytes] of cases.entries()) {
      const r = await probe(broker.port, bytes, 3_000);
      expect({ case: i, closed: r.closed, answered: r.received.length }).toEqual({ case: i, closed: true, answered: 0 });
    }
  });

  it('survives valid headers over garbage bodies for every served API and version', async () => {
    const apis = await servedApis(broker.port);
    const frames: Buffer[] = [];
    for (const [key, min, max] of apis) {
      for (let v = min; v <= max; v++) {
        for (let i = 0; i < 2; i++) frames.push(frame(key, v, i, randomBytes(next, Math.floor(next() * 64))));
      }
    }
    await inBatches(frames, 20, async (bytes) => {
      await probe(broker.port, bytes, 300);
    });
    expect(frames.length).toBeGreaterThan(apis.length);
    expect(() => process.kill(broker.pid, 0)).not.toThrow();
  });

  it('reads a request sent one byte at a time', async () => {
    const request = frame(18, 0, 77, Buffer.alloc(0));
    const socket = net.connect({ host: '127.0.0.1', port: broker.port });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      const answer = new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        const timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5_000);
        socket.on('data', (d: Buffer) => {
          chunks.push(d);
          const got = Buffer.concat(chunks);
          if (got.length >= 4 && got.length >= 4 + got.readInt32BE(0)) {
            clearTimeout(timer);
            resolve(got);
          }
        });
      });
      for (const byte of request) {
        socket.write(Buffer.from([byte]));
        await new Promise((r) => setImmediate(r));
      }
      const got = await answer;
      expect([got.readInt32BE(4), got.readInt16BE(8)]).toEqual([77, 0]);
    } finally {
      socket.destroy();
    }
  });

  it('answers thousands of pipelined requests in order from a peer that reads late', async () => {
    const count = 3_000;
    const socket = net.connect({ host: '127.0.0.1', port: broker.port });
    socket.pause(); // read nothing until everything is sent: the broker must hold back, not buffer without end
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      const requests = Buffer.concat(Array.from({ length: count }, (_, i) => frame(18, 0, i, Buffer.alloc(0))));
      await new Promise<void>((resolve) => socket.write(requests, () => resolve()));
      const correlationIds: number[] = [];
      await new Promise<void>((resolve, reject) => {
        let pending = Buffer.alloc(0);
        const timer = setTimeout(() => reject(new Error(`only ${correlationIds.length} of ${count} answers within 15 s`)), 15_000);
        socket.on('data', (d: Buffer) => {
          pending = Buffer.concat([pending, d]);
          while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
            correlationIds.push(pending.readInt32BE(4));
            pending = pending.subarray(4 + pending.readInt32BE(0));
          }
          if (correlationIds.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        });
        socket.once('close', () => reject(new Error(`closed after ${correlationIds.length} answers`)));
        socket.resume();
      });
      expect(correlationIds).toEqual(Array.from({ length: count }, (_, i) => i));
    } finally {
      socket.destroy();
    }
  });

  it('survives real clients\' requests (golden fixtures) with a few bytes flipped', async () => {
    const mutants: Buffer[] = [];
    for (const client of fs.readdirSync(fixturesDir)) {
      const index = JSON.parse(fs.readFileSync(path.join(fixturesDir, client, 'index.json'), 'utf8')) as { name: string; apiKey: number }[];
      // Not CreateTopics: a flipped partition count is a legitimate (and slow) request for thousands of partitions.
      for (const entry of index.filter((e) => e.apiKey !== 19)) {
        const original = fs.readFileSync(path.join(fixturesDir, client, `${entry.name}.req.bin`));
        const bodyStart = 14 + Math.max(0, original.readInt16BE(12));
        for (let m = 0; m < 8 && bodyStart < original.length; m++) {
          const mutant = Buffer.from(original);
          const flips = 1 + Math.floor(next() * 3);
          for (let f = 0; f < flips; f++) mutant[bodyStart + Math.floor(next() * (original.length - bodyStart))] = Math.floor(next() * 256);
          mutants.push(mutant);
        }
      }
    }
    expect(mutants.length).toBeGreaterThan(100);
    await inBatches(mutants, 20, async (bytes) => {
      await probe(broker.port, bytes, 300);
    });
    expect(() => process.kill(broker.pid, 0)).not.toThrow();
    expect(broker.stderr()).not.toMatch(/internal error/);
  });

  it('survives random bytes', async () => {
    const blobs = Array.from({ length: 150 }, () => randomBytes(next, 1 + Math.floor(next() * 512)));
    await inBatches(blobs, 25, async (bytes) => {
      await probe(broker.port, bytes, 200);
    });
    expect(blobs.length).toBe(150);
    expect(() => process.kill(broker.pid, 0)).not.toThrow();
  });

  it(`keeps serving kafkajs with ${IDLE_CONNECTIONS} half-open connections open, within a bounded memory growth`, async () => {
    const idle: net.Socket[] = [];
    try {
      await inBatches(Array.from({ length: IDLE_CONNECTIONS }, (_, i) => i), 50, async (i) => {
        await new Promise<void>((resolve, reject) => {
          const socket = net.connect({ host: '127.0.0.1', port: broker.port }, () => {
            // Half a size prefix, then silence: the broker must wait without spending anything on it.
            if (i % 2 === 0) socket.write(Buffer.from([0, 0]));
            resolve();
          });
          socket.on('error', reject);
          idle.push(socket);
        });
      });
      const kafka = await kafkajsClient(broker.bootstrap, 'after-the-storm');
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.createTopics({ topics: [{ topic: 'still-alive', numPartitions: 2 }] });
        const md = await admin.fetchTopicMetadata({ topics: ['still-alive'] });
        expect(md.topics[0]!.partitions.length).toBe(2);
      } finally {
        await admin.disconnect();
      }
    } finally {
      for (const s of idle) s.destroy();
    }
    expect(rssBytes(broker.pid) - rssBefore).toBeLessThan(RSS_GROWTH_BYTES_MAX);
    expect(broker.stderr()).not.toMatch(/internal error/);
  });
});

describe('kgo serve connection limits', () => {
  const connectionsMax = 20;
  let broker: BrokerProcess;

  beforeAll(async () => {
    broker = await spawnBroker({ settings: { 'max.connections': String(connectionsMax), 'connections.max.idle.ms': '1000' } });
  });

  afterAll(async () => {
    await broker?.stop();
    if (broker) fs.rmSync(broker.dataDir, { recursive: true, force: true });
  });

  it('refuses connections past max.connections, closes idle ones, then serves again', async () => {
    const sockets = Array.from({ length: connectionsMax + 10 }, () => net.connect({ host: '127.0.0.1', port: broker.port }));
    const closed = sockets.map(
      (s) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('an idle connection is still open after 10 s')), 10_000);
          s.on('error', () => undefined);
          s.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
        }),
    );
    try {
      await Promise.all(closed);
    } finally {
      for (const s of sockets) s.destroy();
    }
    const admin = (await kafkajsClient(broker.bootstrap, 'after-the-limit')).admin();
    await admin.connect();
    try {
      expect(Array.isArray(await admin.listTopics())).toBe(true);
    } finally {
      await admin.disconnect();
    }
    expect(broker.stderr()).not.toMatch(/internal error/);
  });
});
