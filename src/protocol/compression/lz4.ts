/**
 * LZ4 (codec 3): the standard LZ4 frame format. kgo writes independent
 * blocks without checksums (lz4-napi's defaults, 256 KiB blocks; Kafka's
 * Java writer uses 64 KiB and every reader accepts both).
 *
 * Before inflating, the frames are walked block by block: each block holds at
 * most the frame's declared block maximum, so their sum bounds the output and
 * a hostile frame is refused before anything is allocated. The last block of
 * legitimate data is usually partial, so the walk allows one block of slack
 * and the exact size is checked again after inflating.
 */
import { DecodeError } from '../reader.js';
import { corrupt, tooLarge } from './errors.js';

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const FLG_VERSION_MASK = 0xc0;
const FLG_VERSION_1 = 0x40;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_DICT_ID = 0x01;
const BLOCK_UNCOMPRESSED = 0x80000000;

type Lz4Module = typeof import('lz4-napi');
let lz4Module: Promise<Lz4Module> | undefined;

function loadLz4(): Promise<Lz4Module> {
  lz4Module ??= import('lz4-napi');
  return lz4Module;
}

export async function lz4Compress(data: Buffer): Promise<Buffer> {
  const lz4 = await loadLz4();
  return lz4.compressFrame(data, { contentChecksum: false, blockChecksums: false });
}

export async function lz4Decompress(data: Buffer, bytesMax: number): Promise<Buffer> {
  const frames = scanLz4Frames(data, bytesMax);
  const lz4 = await loadLz4();
  const out: Buffer[] = [];
  for (const [start, end] of frames) {
    try {
      out.push(await lz4.decompressFrame(data.subarray(start, end)));
    } catch (error) {
      throw corrupt('lz4', error, start);
    }
  }
  const result = out.length === 1 ? out[0]! : Buffer.concat(out);
  if (result.length > bytesMax) throw tooLarge('lz4', bytesMax);
  return result;
}

function need(data: Buffer, pos: number, bytes: number, what: string): void {
  if (bytes > data.length - pos) throw new DecodeError(`lz4 ${what} is truncated`, pos);
}

/** [start, end) of each data frame; throws when the output could pass `bytesMax`. */
export function scanLz4Frames(data: Buffer, bytesMax: number): [number, number][] {
  const frames: [number, number][] = [];
  let bound = 0;
  let slackBytes = 0;
  let pos = 0;
  while (pos < data.length) {
    need(data, pos, 8, 'frame header');
    const magic = data.readUInt32LE(pos);
    if (((magic & SKIPPABLE_MAGIC_MASK) >>> 0) === SKIPPABLE_MAGIC) {
      const skip = data.readUInt32LE(pos + 4);
      need(data, pos + 8, skip, 'skippable frame');
      pos += 8 + skip;
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new DecodeError('not an lz4 frame', pos);
    const start = pos;
    const flg = data[pos + 4]!;
    const bd = data[pos + 5]!;
    if ((flg & FLG_VERSION_MASK) !== FLG_VERSION_1) throw new DecodeError('unsupported lz4 frame version', pos + 4);
    if (flg & FLG_DICT_ID) throw new DecodeError('lz4 frames with a dictionary are not supported', pos + 4);
    const blockCode = (bd >> 4) & 7;
    if (blockCode < 4) throw new DecodeError(`invalid lz4 block size code ${blockCode}`, pos + 5);
    const blockBytesMax = 1 << (2 * blockCode + 8);
    slackBytes = Math.max(slackBytes, blockBytesMax);
    pos += 6 + (flg & FLG_CONTENT_SIZE ? 8 : 0) + 1;
    const blockTrailer = flg & FLG_BLOCK_CHECKSUM ? 4 : 0;
    for (;;) {
      need(data, pos, 4, 'block header');
      const word = data.readUInt32LE(pos);
      pos += 4;
      if (word === 0) break;
      const length = (word & ~BLOCK_UNCOMPRESSED) >>> 0;
      if (length > blockBytesMax) throw new DecodeError(`lz4 block of ${length} bytes exceeds its frame's maximum`, pos - 4);
      need(data, pos, length + blockTrailer, 'block');
      pos += length + blockTrailer;
      bound += (word & BLOCK_UNCOMPRESSED) !== 0 ? length : blockBytesMax;
    }
    if (flg & FLG_CONTENT_CHECKSUM) {
      need(data, pos, 4, 'content checksum');
      pos += 4;
    }
    frames.push([start, pos]);
  }
  if (bound > bytesMax + slackBytes) throw tooLarge('lz4', bytesMax);
  return frames;
}
