/**
 * Kafka's record compression codecs (attribute bits 0-2 of a batch). Codec
 * libraries are imported on first use, so commands that never touch
 * compressed data never load them. Decompression is capped: corrupt or
 * hostile input raises DecodeError, never an unbounded allocation.
 */
import { DecodeError } from '../reader.js';
import { DECOMPRESSED_BYTES_MAX_DEFAULT } from './errors.js';

export { DECOMPRESSED_BYTES_MAX_DEFAULT } from './errors.js';
export { isXerialFramed } from './snappy.js';

export type CompressedCodecId = 1 | 2 | 3 | 4;

export interface DecompressOptions {
  /** Refuse input that would inflate past this many bytes (default 256 MiB). */
  decompressedBytesMax?: number;
}

const CODEC_NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

export function compressionCodecName(codec: number): string {
  return CODEC_NAMES[codec] ?? `unknown(${codec})`;
}

export async function compress(codec: CompressedCodecId, data: Buffer): Promise<Buffer> {
  switch (codec) {
    case 1:
      return (await import('./gzip.js')).gzipCompress(data);
    case 2:
      return (await import('./snappy.js')).snappyCompress(data);
    case 3:
      return (await import('./lz4.js')).lz4Compress(data);
    case 4:
      return (await import('./zstd.js')).zstdCompress(data);
    default:
      throw new RangeError(`unknown compression codec ${String(codec)}`);
  }
}

export async function decompress(codec: number, data: Buffer, options: DecompressOptions = {}): Promise<Buffer> {
  const bytesMax = options.decompressedBytesMax ?? DECOMPRESSED_BYTES_MAX_DEFAULT;
  switch (codec) {
    case 1:
      return (await import('./gzip.js')).gzipDecompress(data, bytesMax);
    case 2:
      return (await import('./snappy.js')).snappyDecompress(data, bytesMax);
    case 3:
      return (await import('./lz4.js')).lz4Decompress(data, bytesMax);
    case 4:
      return (await import('./zstd.js')).zstdDecompress(data, bytesMax);
    default:
      throw new DecodeError(`unknown compression codec ${codec}`, 0);
  }
}
