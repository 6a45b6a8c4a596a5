/**
 * Zstandard (codec 4), through the zstd WebAssembly build, initialised once
 * on first use. Frames written by streaming encoders (the Java client,
 * librdkafka, Go clients) may omit their content size, so the output size is
 * bounded by walking the frames' block headers first: raw and RLE blocks
 * state their size, a compressed block yields at most 128 KiB. That bound
 * both refuses oversized input before allocating (with one block of slack, as
 * the last block is usually partial; the exact size is checked after) and
 * sizes the output buffer when the frame does not say.
 */
import { DecodeError } from '../reader.js';
import { corrupt, tooLarge } from './errors.js';

const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_BYTES_MAX = 128 * 1024;
const BLOCK_RAW = 0;
const BLOCK_RLE = 1;
const BLOCK_COMPRESSED = 2;
const COMPRESSION_LEVEL = 3;

type ZstdModule = typeof import('@bokuweb/zstd-wasm');
let zstdModule: Promise<ZstdModule> | undefined;

function loadZstd(): Promise<ZstdModule> {
  zstdModule ??= import('@bokuweb/zstd-wasm').then(async (zstd) => {
    await zstd.init();
    return zstd;
  });
  return zstdModule;
}

export async function zstdCompress(data: Buffer): Promise<Buffer> {
  const zstd = await loadZstd();
  const out = zstd.compress(data, COMPRESSION_LEVEL);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export async function zstdDecompress(data: Buffer, bytesMax: number): Promise<Buffer> {
  const frames = scanZstdFrames(data, bytesMax);
  const zstd = await loadZstd();
  const out: Buffer[] = [];
  for (const frame of frames) {
    if (frame.bound === 0) continue;
    let inflated: Uint8Array;
    try {
      inflated = zstd.decompress(data.subarray(frame.start, frame.end), { defaultHeapSize: frame.bound });
    } catch (error) {
      throw corrupt('zstd', error, frame.start);
    }
    out.push(Buffer.from(inflated.buffer, inflated.byteOffset, inflated.byteLength));
  }
  const result = out.length === 1 ? out[0]! : Buffer.concat(out);
  if (result.length > bytesMax) throw tooLarge('zstd', bytesMax);
  return result;
}

export interface ZstdFrame {
  start: number;
  end: number;
  /** Upper bound of the frame's output (its content size when it states one). */
  bound: number;
}

function need(data: Buffer, pos: number, bytes: number, what: string): void {
  if (bytes > data.length - pos) throw new DecodeError(`zstd ${what} is truncated`, pos);
}

/** Data frames of `data`, each with its output bound; throws when the total could pass `bytesMax`. */
export function scanZstdFrames(data: Buffer, bytesMax: number): ZstdFrame[] {
  const frames: ZstdFrame[] = [];
  let total = 0;
  let pos = 0;
  while (pos < data.length) {
    need(data, pos, 4, 'frame magic');
    const magic = data.readUInt32LE(pos);
    if (((magic & SKIPPABLE_MAGIC_MASK) >>> 0) === SKIPPABLE_MAGIC) {
      need(data, pos, 8, 'skippable frame');
      const skip = data.readUInt32LE(pos + 4);
      need(data, pos + 8, skip, 'skippable frame');
      pos += 8 + skip;
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new DecodeError('not a zstd frame', pos);
    const frame = scanFrame(data, pos);
    total += frame.bound;
    if (total > bytesMax + BLOCK_BYTES_MAX) throw tooLarge('zstd', bytesMax, pos);
    frames.push(frame);
    pos = frame.end;
  }
  return frames;
}

function scanFrame(data: Buffer, start: number): ZstdFrame {
  need(data, start, 5, 'frame header');
  const descriptor = data[start + 4]!;
  const fcsFlag = descriptor >> 6;
  const singleSegment = (descriptor & 0x20) !== 0;
  const hasChecksum = (descriptor & 0x04) !== 0;
  const dictIdBytes = [0, 1, 2, 4][descriptor & 3]!;
  if (descriptor & 0x08) throw new DecodeError('zstd frame header has its reserved bit set', start + 4);
  if (dictIdBytes > 0) throw new DecodeError('zstd frames with a dictionary are not supported', start + 4);
  const fcsBytes = fcsFlag === 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
  let pos = start + 5 + (singleSegment ? 0 : 1);
  need(data, pos, fcsBytes, 'frame header');
  const contentSize = fcsBytes === 0 ? null : readFrameContentSize(data, pos, fcsBytes);
  pos += fcsBytes;
  let bound = 0;
  for (let last = false; !last; ) {
    need(data, pos, 3, 'block header');
    const word = data.readUIntLE(pos, 3);
    pos += 3;
    last = (word & 1) === 1;
    const type = (word >> 1) & 3;
    const size = word >> 3;
    if (size > BLOCK_BYTES_MAX) throw new DecodeError(`zstd block of ${size} bytes exceeds 128 KiB`, pos - 3);
    const stored = type === BLOCK_RLE ? 1 : size;
    if (type !== BLOCK_RAW && type !== BLOCK_RLE && type !== BLOCK_COMPRESSED) {
      throw new DecodeError('zstd block type is reserved', pos - 3);
    }
    need(data, pos, stored, 'block');
    pos += stored;
    bound += type === BLOCK_COMPRESSED ? BLOCK_BYTES_MAX : size;
  }
  if (hasChecksum) {
    need(data, pos, 4, 'content checksum');
    pos += 4;
  }
  if (contentSize !== null) {
    if (contentSize > bound) throw new DecodeError(`zstd frame claims ${contentSize} bytes its blocks cannot hold`, start);
    bound = contentSize;
  }
  return { start, end: pos, bound };
}

function readFrameContentSize(data: Buffer, pos: number, bytes: number): number {
  if (bytes === 1) return data[pos]!;
  if (bytes === 2) return data.readUInt16LE(pos) + 256;
  if (bytes === 4) return data.readUInt32LE(pos);
  return data.readUInt32LE(pos + 4) * 0x1_0000_0000 + data.readUInt32LE(pos);
}
