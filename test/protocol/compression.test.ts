import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compress, decompress, isXerialFramed, type CompressedCodecId } from '../../src/protocol/compression/index.js';
import { DecodeError } from '../../src/protocol/reader.js';

const require = createRequire(import.meta.url);
const snappy = require('snappy') as typeof import('snappy');

const CODECS: CompressedCodecId[] = [1, 2, 3, 4];

/** The same 'kafka-' pattern the fixtures below were made from. */
function pattern(bytes: number): Buffer {
  return Buffer.alloc(bytes, 'kafka-');
}

/** Written by the lz4 command-line tool (lz4 -B4 -BI --no-frame-crc): 64 KiB independent blocks, Kafka's settings. */
const LZ4_CLI_FRAME_70000 = Buffer.from(
  '04224d18604082100100006f6b61666b612d0600ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe2502d6b61666b210000006f612d6b61666b0600ffffffffffffffffffffffffffffffffff63502d6b61666b00000000',
  'hex',
);

/** Written by the zstd command-line tool from a pipe, so the frame has no content size (two blocks). */
const ZSTD_NO_CONTENT_SIZE_200000 = Buffer.from('28b52ffd0058740000306b61666b612d0100f7ffc94b114d0000086601003c0d391002', 'hex');

async function decodeFailure(codec: number, data: Buffer, bytesMax?: number): Promise<unknown> {
  try {
    await decompress(codec, data, bytesMax === undefined ? {} : { decompressedBytesMax: bytesMax });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('compress / decompress', () => {
  it.each(CODECS)('round-trips random data with codec %i', async (codec) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
        const data = Buffer.from(bytes);
        expect(await decompress(codec, await compress(codec, data))).toEqual(data);
      }),
      { numRuns: 40 },
    );
  });

  it.each(CODECS)('round-trips data spanning several blocks with codec %i', async (codec) => {
    const data = Buffer.concat([pattern(300_000), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) & 255))]);
    expect((await decompress(codec, await compress(codec, data))).equals(data)).toBe(true);
  });

  it.each(CODECS)('turns garbage for codec %i into DecodeError only', async (codec) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (bytes) => {
        const error = await decodeFailure(codec, Buffer.from(bytes));
        if (error !== undefined) expect(error).toBeInstanceOf(DecodeError);
      }),
      { numRuns: 150 },
    );
  });

  it.each(CODECS)('turns a truncated stream for codec %i into DecodeError', async (codec) => {
    const whole = await compress(codec, pattern(100_000));
    for (const cut of [1, 5, Math.floor(whole.length / 2), whole.length - 1]) {
      expect(await decodeFailure(codec, whole.subarray(0, cut))).toBeInstanceOf(DecodeError);
    }
  });

  it.each(CODECS)('refuses output past decompressedBytesMax with codec %i', async (codec) => {
    const packed = await compress(codec, pattern(1_000_000));
    const error = await decodeFailure(codec, packed, 500_000);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as Error).message).toMatch(/limit/);
    expect((await decompress(codec, packed, { decompressedBytesMax: 1_000_000 })).length).toBe(1_000_000);
  });

  it.each(CODECS)('turns a mutated stream for codec %i into data or DecodeError, nothing else', async (codec) => {
    const whole = await compress(codec, Buffer.concat([pattern(20_000), Buffer.from('tail of the data')]));
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), async (at, flip) => {
        const mutated = Buffer.from(whole);
        mutated[at % mutated.length] ^= flip;
        const error = await decodeFailure(codec, mutated, 1_000_000);
        if (error !== undefined) expect(error).toBeInstanceOf(DecodeError);
      }),
      { numRuns: 150 },
    );
  });

  it('rejects an unknown codec with DecodeError', async () => {
    expect(await decodeFailure(5, Buffer.from('x'))).toBeInstanceOf(DecodeError);
  });
});

describe('snappy', () => {
  it('writes the xerial framing, as the Java client does', async () => {
    const packed = await compress(2, Buffer.from('hello kafka'));
    expect(packed.subarray(0, 16).toString('hex')).toBe('82534e41505059000000000100000001');
    expect(isXerialFramed(packed)).toBe(true);
  });

  it('reads raw snappy, as librdkafka writes it', async () => {
    const data = pattern(100_000);
    const raw = snappy.compressSync(data);
    expect(isXerialFramed(raw)).toBe(false);
    expect((await decompress(2, raw)).equals(data)).toBe(true);
  });

  it('reads a xerial stream of several blocks built independently of kgo', async () => {
    const parts = [Buffer.from('first block '), Buffer.from('second block '), pattern(40_000)];
    const header = Buffer.from('82534e41505059000000000100000001', 'hex');
    const chunks = parts.flatMap((part) => {
      const block = snappy.compressSync(part);
      const length = Buffer.alloc(4);
      length.writeInt32BE(block.length);
      return [length, block];
    });
    const out = await decompress(2, Buffer.concat([header, ...chunks]));
    expect(out.equals(Buffer.concat(parts))).toBe(true);
  });

  it('refuses a raw block whose length preamble claims too much, before inflating', async () => {
    const claim = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x07, 0x00]); // 2^31 - 1 bytes
    expect(await decodeFailure(2, claim)).toBeInstanceOf(DecodeError);
    const impossible = Buffer.from([0x80, 0x80, 0x10, 0x00, 0x61]); // 256 KiB from 2 bytes of body
    expect((await decodeFailure(2, impossible)) as Error).toBeInstanceOf(DecodeError);
    expect(((await decodeFailure(2, impossible)) as Error).message).toMatch(/cannot inflate/);
  });
});

describe('lz4', () => {
  it('reads a frame written by the lz4 tool with Kafka settings', async () => {
    expect((await decompress(3, LZ4_CLI_FRAME_70000)).equals(pattern(70_000))).toBe(true);
  });

  it('checks the exact size of frames that do not state it', async () => {
    const error = await decodeFailure(3, LZ4_CLI_FRAME_70000, 60_000);
    expect(error).toBeInstanceOf(DecodeError);
    expect((await decompress(3, LZ4_CLI_FRAME_70000, { decompressedBytesMax: 70_000 })).length).toBe(70_000);
  });

  it('refuses before inflating when the blocks alone could pass the limit', async () => {
    const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x70, 0x73]); // 4 MiB blocks
    const block = Buffer.from([0x01, 0x00, 0x00, 0x00, 0x00]); // a 1-byte compressed block
    const frame = Buffer.concat([header, ...Array.from({ length: 100 }, () => block), Buffer.alloc(4)]);
    const error = await decodeFailure(3, frame, 64 * 1024 * 1024);
    expect((error as Error).message).toMatch(/limit/);
  });

  it('writes independent blocks without content checksum', async () => {
    const packed = await compress(3, Buffer.from('hello kafka'));
    expect(packed.readUInt32LE(0)).toBe(0x184d2204);
    const flg = packed[4]!;
    expect(flg & 0x20).toBe(0x20); // block independence
    expect(flg & 0x04).toBe(0); // no content checksum
  });

  it('reads two concatenated frames', async () => {
    const a = await compress(3, Buffer.from('first '));
    const b = await compress(3, Buffer.from('second'));
    expect((await decompress(3, Buffer.concat([a, b]))).toString()).toBe('first second');
  });
});

/**
 * Written by zstd-jni 1.5.6's ZstdOutputStreamNoFinalizer at level 3, the stream
 * the Java client compresses batches with: no content size in the frame.
 */
const ZSTD_JNI_STREAM_70000 = Buffer.from('28b52ffd0058750000306b61666b612d01006711c94b11', 'hex');

describe('zstd', () => {
  it("reads the Java client's streaming frame", async () => {
    expect((await decompress(4, ZSTD_JNI_STREAM_70000)).equals(pattern(70_000))).toBe(true);
  });

  it('reads a frame without a content size', async () => {
    expect(ZSTD_NO_CONTENT_SIZE_200000[4]! & 0xc0).toBe(0); // no Frame_Content_Size field
    expect((await decompress(4, ZSTD_NO_CONTENT_SIZE_200000)).equals(pattern(200_000))).toBe(true);
  });

  it('refuses a frame without content size whose blocks pass the limit', async () => {
    const error = await decodeFailure(4, ZSTD_NO_CONTENT_SIZE_200000, 50_000);
    expect((error as Error).message).toMatch(/limit/);
    expect(await decodeFailure(4, ZSTD_NO_CONTENT_SIZE_200000, 199_999)).toBeInstanceOf(DecodeError);
    expect((await decompress(4, ZSTD_NO_CONTENT_SIZE_200000, { decompressedBytesMax: 200_000 })).length).toBe(200_000);
  });

  it('refuses a frame declaring a huge window through DecodeError', async () => {
    const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8]); // window 2^41, no FCS
    const rawBlock = Buffer.concat([Buffer.from([(3 << 3) | 1, 0, 0]), Buffer.from('abc')]);
    expect(await decodeFailure(4, Buffer.concat([header, rawBlock]))).toBeInstanceOf(DecodeError);
  });

  it('reads a frame with a content size (what kgo writes)', async () => {
    const packed = await compress(4, pattern(50_000));
    expect(packed[4]! & 0xe0).not.toBe(0); // single segment or a content size field
    expect((await decompress(4, packed)).equals(pattern(50_000))).toBe(true);
  });

  it('reads a hand-built frame of raw and RLE blocks without content size, after a skippable frame', async () => {
    const skippable = Buffer.from('502a4d180300000061 6263'.replace(/ /g, ''), 'hex');
    const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x50]); // window 1 MiB, no FCS, no checksum
    const rawBlock = Buffer.concat([Buffer.from([(5 << 3) | (0 << 1), 0, 0]), Buffer.from('hello')]);
    const rleSize = 1000;
    const rleBlock = Buffer.from([((rleSize << 3) | (1 << 1) | 1) & 0xff, (rleSize << 3) >> 8, 0, 0x21]);
    const out = await decompress(4, Buffer.concat([skippable, header, rawBlock, rleBlock]));
    expect(out.toString()).toBe('hello' + '!'.repeat(rleSize));
  });

  it('refuses a frame claiming a content size beyond the limit, before allocating', async () => {
    const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xe0]); // single segment, 8-byte FCS
    const fcs = Buffer.alloc(8);
    fcs.writeUInt32LE(0x40, 4); // 2^38 bytes
    const block = Buffer.from([0x01, 0, 0]); // last, raw, size 0
    expect(await decodeFailure(4, Buffer.concat([header, fcs, block]))).toBeInstanceOf(DecodeError);
  });
});
