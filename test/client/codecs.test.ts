import { randomBytes } from 'node:crypto';
import snappy from 'snappy';
import { describe, expect, it } from 'vitest';
import { isXerialFramed, lazyCodec, lz4Codec, snappyCodec, zstdCodec, type KafkaCodec } from '../../src/client/index.js';

const text = Buffer.from('kgo '.repeat(5000));
const noise = randomBytes(10_000);

describe.each([
  ['snappy', snappyCodec],
  ['lz4', lz4Codec],
  ['zstd', zstdCodec],
])('%s codec', (_name, make) => {
  it('round-trips text, noise and nothing', async () => {
    const codec = await make();
    for (const input of [text, noise, Buffer.alloc(0)]) {
      const compressed = await codec.compress({ buffer: input });
      expect(Buffer.isBuffer(compressed)).toBe(true);
      expect((await codec.decompress(compressed)).equals(input)).toBe(true);
    }
  });

  it('compresses repetitive data', async () => {
    const codec = await make();
    expect((await codec.compress({ buffer: text })).length).toBeLessThan(text.length / 10);
  });
});

describe('snappy from the Java client', () => {
  it('reads xerial framing, chunk by chunk', async () => {
    const a = text.subarray(0, 7000);
    const b = text.subarray(7000);
    const chunk = (data: Buffer) => {
      const block = snappy.compressSync(data);
      const size = Buffer.alloc(4);
      size.writeInt32BE(block.length);
      return Buffer.concat([size, block]);
    };
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    const framed = Buffer.concat([header, chunk(a), chunk(b)]);
    expect(isXerialFramed(framed)).toBe(true);
    expect((await (await snappyCodec()).decompress(framed)).equals(text)).toBe(true);
  });

  it('rejects a truncated xerial chunk', async () => {
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    const bad = Buffer.concat([header, Buffer.from([0, 0, 1, 0]), Buffer.from('short')]);
    await expect((await snappyCodec()).decompress(bad)).rejects.toThrow(/truncated/);
  });
});

describe('lazyCodec', () => {
  const identity: KafkaCodec = { compress: async (e) => Buffer.concat([Buffer.from('c:'), e.buffer]), decompress: async (b) => b.subarray(2) };

  it('loads nothing until the first batch, then once for all', async () => {
    let loads = 0;
    const codec = lazyCodec(async () => {
      loads++;
      return identity;
    });
    expect(loads).toBe(0);
    const [a, b] = await Promise.all([codec.compress({ buffer: Buffer.from('x') }), codec.compress({ buffer: Buffer.from('y') })]);
    expect(a.toString()).toBe('c:x');
    expect(b.toString()).toBe('c:y');
    expect((await codec.decompress(a)).toString()).toBe('x');
    expect(loads).toBe(1);
  });

  it('fails the batch whose load failed and tries again on the next', async () => {
    let loads = 0;
    const codec = lazyCodec(async () => {
      if (++loads === 1) throw new Error('no such module');
      return identity;
    });
    await expect(codec.decompress(Buffer.from('c:z'))).rejects.toThrow('no such module');
    expect((await codec.decompress(Buffer.from('c:z'))).toString()).toBe('z');
    expect(loads).toBe(2);
  });
});
