/**
 * Compression codecs for kafkajs, which ships only gzip. Registered once per
 * process into kafkajs's CompressionCodecs by `registerCodecs`, each loaded on first use.
 *
 * - snappy: we write raw snappy blocks (as librdkafka does; every Kafka client
 *   reads them) and read both raw blocks and the xerial framing the Java
 *   client writes (magic "\x82SNAPPY\0", two int32 versions, then
 *   [int32 length][block] chunks).
 * - lz4: the LZ4 frame format Kafka uses for RecordBatch v2.
 * - zstd: compressed with the zstd reference library (wasm); decompressed with
 *   fzstd, which also reads streamed frames that omit the content size.
 */
import type { CompressionCodecs as CodecTable } from 'kafkajs';

export interface KafkaCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

export function isXerialFramed(buffer: Buffer): boolean {
  return buffer.length >= XERIAL_HEADER_BYTES && buffer.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

export async function snappyCodec(): Promise<KafkaCodec> {
  const snappy = await import('snappy');
  return {
    async compress(encoder) {
      return snappy.compress(encoder.buffer);
    },
    async decompress(buffer) {
      if (!isXerialFramed(buffer)) return (await snappy.uncompress(buffer)) as Buffer;
      const chunks: Buffer[] = [];
      let pos = XERIAL_HEADER_BYTES;
      while (pos + 4 <= buffer.length) {
        const size = buffer.readInt32BE(pos);
        pos += 4;
        if (size < 0 || pos + size > buffer.length) throw new Error('snappy: truncated xerial chunk');
        chunks.push((await snappy.uncompress(buffer.subarray(pos, pos + size))) as Buffer);
        pos += size;
      }
      return Buffer.concat(chunks);
    },
  };
}

export async function lz4Codec(): Promise<KafkaCodec> {
  const lz4 = await import('lz4-napi');
  return {
    compress: (encoder) => lz4.compressFrame(encoder.buffer),
    decompress: (buffer) => lz4.decompressFrame(buffer),
  };
}

export const ZSTD_LEVEL = 3;

export async function zstdCodec(): Promise<KafkaCodec> {
  const zstdWasm = await import('@bokuweb/zstd-wasm');
  const fzstd = await import('fzstd');
  await zstdWasm.init();
  return {
    async compress(encoder) {
      const out = zstdWasm.compress(encoder.buffer, ZSTD_LEVEL);
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
    async decompress(buffer) {
      const out = fzstd.decompress(buffer);
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
  };
}

/**
 * A codec that loads its implementation on first use: most commands never
 * meet a compressed batch, and loading all three costs about 17 MB and a
 * wasm instantiation at start.
 */
export function lazyCodec(load: () => Promise<KafkaCodec>): KafkaCodec {
  let loaded: Promise<KafkaCodec> | undefined;
  const codec = () => {
    loaded ??= load().catch((err: unknown) => {
      loaded = undefined; // the next batch tries again
      throw err;
    });
    return loaded;
  };
  return {
    compress: async (encoder) => (await codec()).compress(encoder),
    decompress: async (buffer) => (await codec()).decompress(buffer),
  };
}

let registered = false;

/** Installs snappy, lz4 and zstd into kafkajs, each loaded on first use; idempotent. */
export function registerCodecs(table: typeof CodecTable, types: { Snappy: number; LZ4: number; ZSTD: number }): void {
  if (registered) return;
  registered = true;
  const codecs = table as unknown as Record<number, () => KafkaCodec>;
  const snappy = lazyCodec(snappyCodec);
  const lz4 = lazyCodec(lz4Codec);
  const zstd = lazyCodec(zstdCodec);
  codecs[types.Snappy] = () => snappy;
  codecs[types.LZ4] = () => lz4;
  codecs[types.ZSTD] = () => zstd;
}
