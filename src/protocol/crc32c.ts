/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2. The native binding
 * uses the CPU's CRC instruction where there is one; a JS table loop would be
 * an order of magnitude slower on the produce path.
 *
 * The binding is loaded on the first checksum, not at import: an idle broker
 * (and every command that never checks a batch) does without its memory.
 */
import { createRequire } from 'node:module';

type Crc32c = (input: Uint8Array, initial?: number) => number;

let native: Crc32c | undefined;

function loadNative(): Crc32c {
  const require = createRequire(import.meta.url);
  native = (require('@node-rs/crc32') as { crc32c: Crc32c }).crc32c;
  return native;
}

/** CRC-32C of `buf` as an unsigned 32-bit number; `initial` continues a running checksum. */
export function crc32c(buf: Uint8Array, initial = 0): number {
  return (native ?? loadNative())(buf, initial) >>> 0;
}
