/**
 * CRC-32C (Castagnoli), the checksum of RecordBatch v2. The native binding
 * uses the CPU's CRC instruction where there is one; a JS table loop would be
 * an order of magnitude slower on the produce path.
 */
import { crc32c as nativeCrc32c } from '@node-rs/crc32';

/** CRC-32C of `buf` as an unsigned 32-bit number; `initial` continues a running checksum. */
export function crc32c(buf: Uint8Array, initial = 0): number {
  return nativeCrc32c(buf, initial) >>> 0;
}
