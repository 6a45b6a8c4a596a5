/**
 * TimeIndex: sparse map from timestamp to offset inside one segment, Kafka's
 * `.timeindex` layout. Each 12-byte entry is (timestamp int64, relative offset
 * int32): the largest batch maxTimestamp seen so far in the segment and the
 * last offset of the batch that carried it. Entries are added alongside the
 * offset index entries, and once more when the segment is rolled, but only
 * when the timestamp grew. Invariants: timestamps and offsets strictly
 * increase. So every batch at or before an entry's offset has a maxTimestamp
 * <= the entry's timestamp, which is what lets a lookup skip them.
 */
import { IndexFile } from './index-file.js';
import type { FileSystem } from './file-system.js';

const ENTRY_BYTES = 12;

export class TimeIndex {
  private timestamps = new Float64Array(16);
  private relOffsets = new Int32Array(16);
  private count = 0;
  private readonly file: IndexFile;

  constructor(
    fs: FileSystem,
    path: string,
    readonly baseOffset: number,
  ) {
    this.file = new IndexFile(fs, path, ENTRY_BYTES);
  }

  get entries(): number {
    return this.count;
  }

  /** Loads the index file; false when missing, unreadable or not increasing. */
  load(fs: FileSystem): boolean {
    const bytes = IndexFile.readEntries(fs, this.file.path, ENTRY_BYTES);
    if (bytes === undefined) return false;
    this.count = 0;
    for (let pos = 0; pos < bytes.length; pos += ENTRY_BYTES) {
      const ts = Number(bytes.readBigInt64BE(pos));
      const rel = bytes.readInt32BE(pos + 8);
      const prev = this.count - 1;
      const increasing = prev < 0 || (ts > this.timestamps[prev]! && rel > this.relOffsets[prev]!);
      if (!increasing || rel < 0) return false;
      this.push(ts, rel);
    }
    return true;
  }

  /** Appends (timestamp, offset) when the timestamp is larger than the last entry's. */
  maybeAppend(timestamp: number, offset: number): void {
    if (this.count > 0 && timestamp <= this.timestamps[this.count - 1]!) return;
    const rel = offset - this.baseOffset;
    this.push(timestamp, rel);
    const entry = Buffer.allocUnsafe(ENTRY_BYTES);
    entry.writeBigInt64BE(BigInt(timestamp), 0);
    entry.writeInt32BE(rel, 8);
    this.file.append(entry, this.count - 1);
  }

  /** The offset of the greatest entry whose timestamp is < `timestamp`, if any. */
  lookupBefore(timestamp: number): number | undefined {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timestamps[mid]! < timestamp) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? undefined : this.baseOffset + this.relOffsets[found]!;
  }

  lastEntry(): { timestamp: number; offset: number } | undefined {
    if (this.count === 0) return undefined;
    return { timestamp: this.timestamps[this.count - 1]!, offset: this.baseOffset + this.relOffsets[this.count - 1]! };
  }

  /** Drops entries for offsets >= `nextOffset` and rewrites the file to match. */
  truncateToOffset(nextOffset: number): void {
    while (this.count > 0 && this.baseOffset + this.relOffsets[this.count - 1]! >= nextOffset) this.count--;
    this.file.rewrite(this.serialize());
  }

  reset(): void {
    this.count = 0;
  }

  persist(): void {
    this.file.rewrite(this.serialize());
  }

  close(): void {
    this.file.close();
  }

  deleteFile(): void {
    this.file.delete();
  }

  private serialize(): Buffer {
    const out = Buffer.allocUnsafe(this.count * ENTRY_BYTES);
    for (let i = 0; i < this.count; i++) {
      out.writeBigInt64BE(BigInt(this.timestamps[i]!), i * ENTRY_BYTES);
      out.writeInt32BE(this.relOffsets[i]!, i * ENTRY_BYTES + 8);
    }
    return out;
  }

  private push(timestamp: number, rel: number): void {
    if (this.count === this.timestamps.length) {
      const grownTs = new Float64Array(this.count * 2);
      grownTs.set(this.timestamps);
      this.timestamps = grownTs;
      const grownRel = new Int32Array(this.count * 2);
      grownRel.set(this.relOffsets);
      this.relOffsets = grownRel;
    }
    this.timestamps[this.count] = timestamp;
    this.relOffsets[this.count] = rel;
    this.count++;
  }
}
