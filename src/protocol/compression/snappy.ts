/**
 * Snappy (codec 2). Two wire forms exist and readers must take both:
 * - raw: one snappy block (librdkafka writes this);
 * - xerial snappy-java framing (the Java client writes this): the magic
 *   82 'SNAPPY' 00, int32 version, int32 min-compatible version, then
 *   repeated [int32 big-endian length, raw block].
 * kgo writes the xerial form with 32 KiB blocks, as Java does; every client
 * that reads snappy reads both forms.
 *
 * Every raw block starts with its uncompressed length (uvarint), so the output
 * size is known and capped before anything is inflated. No snappy element
 * expands more than 22-fold (a 3-byte copy of 64 bytes), so a block claiming
 * more than that is corrupt and refused without allocating what it claims.
 */
import { DecodeError } from '../reader.js';
import { corrupt, tooLarge } from './errors.js';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;
const XERIAL_VERSION = 1;
const XERIAL_BLOCK_BYTES = 32 * 1024;
const EXPANSION_MAX = 22;

type SnappyModule = typeof import('snappy');
let snappyModule: Promise<SnappyModule> | undefined;

function loadSnappy(): Promise<SnappyModule> {
  snappyModule ??= import('snappy');
  return snappyModule;
}

export function isXerialFramed(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER_BYTES && data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

/** The uncompressed length a raw block declares in its uvarint preamble. */
export function rawSnappyLength(data: Buffer, start: number, end: number): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    if (start + i >= end) throw new DecodeError('snappy block length is truncated', start + i);
    const byte = data[start + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return value;
  }
  throw new DecodeError('snappy block length is longer than 5 bytes', start);
}

export async function snappyCompress(data: Buffer): Promise<Buffer> {
  const snappy = await loadSnappy();
  const parts: Buffer[] = [Buffer.alloc(XERIAL_HEADER_BYTES)];
  XERIAL_MAGIC.copy(parts[0]!);
  parts[0]!.writeInt32BE(XERIAL_VERSION, 8);
  parts[0]!.writeInt32BE(XERIAL_VERSION, 12);
  for (let pos = 0; pos < data.length; pos += XERIAL_BLOCK_BYTES) {
    const block = snappy.compressSync(data.subarray(pos, pos + XERIAL_BLOCK_BYTES));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

export async function snappyDecompress(data: Buffer, bytesMax: number): Promise<Buffer> {
  const blocks = isXerialFramed(data) ? xerialBlocks(data) : [[0, data.length] as const];
  let total = 0;
  for (const [start, end] of blocks) {
    const length = rawSnappyLength(data, start, end);
    if (length > (end - start) * EXPANSION_MAX) {
      throw new DecodeError(`snappy block of ${end - start} bytes cannot inflate to ${length}`, start);
    }
    total += length;
    if (total > bytesMax) throw tooLarge('snappy', bytesMax, start);
  }
  const snappy = await loadSnappy();
  const out: Buffer[] = [];
  for (const [start, end] of blocks) {
    try {
      out.push(snappy.uncompressSync(data.subarray(start, end), { asBuffer: true }) as Buffer);
    } catch (error) {
      throw corrupt('snappy', error, start);
    }
  }
  return out.length === 1 ? out[0]! : Buffer.concat(out, total);
}

/** [start, end) of each raw block of a xerial stream. */
function xerialBlocks(data: Buffer): (readonly [number, number])[] {
  const blocks: (readonly [number, number])[] = [];
  let pos = XERIAL_HEADER_BYTES;
  while (pos < data.length) {
    if (data.length - pos < 4) throw new DecodeError('xerial snappy block length is truncated', pos);
    const length = data.readInt32BE(pos);
    pos += 4;
    if (length < 0 || length > data.length - pos) {
      throw new DecodeError(`xerial snappy block of ${length} bytes overruns the data`, pos - 4);
    }
    blocks.push([pos, pos + length]);
    pos += length;
  }
  return blocks;
}
