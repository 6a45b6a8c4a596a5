/**
 * OffsetIndex: sparse map from offset to file position inside one segment,
 * Kafka's `.index` layout. Each 8-byte entry is (relative offset int32,
 * position int32) where the relative offset is the LAST offset of the batch
 * that starts at that position, relative to the segment's base offset. An
 * entry is added once more than `index.interval.bytes` of log were written
 * since the previous one. Invariants: relative offsets and positions both
 * strictly increase, every position is the start of a batch in the segment.
 * Lookups return the position of the greatest entry <= the target, from where
 * a short scan of batch headers finds the batch holding the target.
 */
import { IndexFile } from './index-file.js';
import type { FileSystem } from './file-system.js';

const ENTRY_BYTES = 8;

export class OffsetIndex {
  private relOffsets = new Int32Array(16);
  private positions = new Int32Array(16);
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

  /**
   * Loads the index file; false when it is missing, unreadable or inconsistent
   * with a segment of `logSizeBytes` (the caller then rebuilds it).
   */
  load(fs: FileSystem, logSizeBytes: number): boolean {
    const bytes = IndexFile.readEntries(fs, this.file.path, ENTRY_BYTES);
    if (bytes === undefined) return false;
    this.count = 0;
    for (let pos = 0; pos < bytes.length; pos += ENTRY_BYTES) {
      const rel = bytes.readInt32BE(pos);
      const position = bytes.readInt32BE(pos + 4);
      const prev = this.count - 1;
      const increasing = prev < 0 || (rel > this.relOffsets[prev]! && position > this.positions[prev]!);
      if (!increasing || rel < 0 || position <= 0 || position >= logSizeBytes) return false;
      this.push(rel, position);
    }
    return true;
  }

  append(lastOffset: number, position: number): void {
    const rel = lastOffset - this.baseOffset;
    this.push(rel, position);
    const entry = Buffer.allocUnsafe(ENTRY_BYTES);
    entry.writeInt32BE(rel, 0);
    entry.writeInt32BE(position, 4);
    this.file.append(entry, this.count - 1);
  }

  /** Position from which to scan for `offset`: the greatest entry <= offset, else 0. */
  lookup(offset: number): number {
    const rel = offset - this.baseOffset;
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.relOffsets[mid]! <= rel) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : this.positions[found]!;
  }

  lastPosition(): number {
    return this.count === 0 ? 0 : this.positions[this.count - 1]!;
  }

  lastOffset(): number | undefined {
    return this.count === 0 ? undefined : this.baseOffset + this.relOffsets[this.count - 1]!;
  }

  /** Drops entries at or past `sizeBytes` and rewrites the file to match. */
  truncateToSize(sizeBytes: number): void {
    while (this.count > 0 && this.positions[this.count - 1]! >= sizeBytes) this.count--;
    this.file.rewrite(this.serialize());
  }

  /** Forgets every entry (before a rebuild). */
  reset(): void {
    this.count = 0;
  }

  /** Writes the whole in-memory index to its file (after a rebuild). */
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
      out.writeInt32BE(this.relOffsets[i]!, i * ENTRY_BYTES);
      out.writeInt32BE(this.positions[i]!, i * ENTRY_BYTES + 4);
    }
    return out;
  }

  private push(rel: number, position: number): void {
    if (this.count === this.relOffsets.length) {
      const grownRel = new Int32Array(this.count * 2);
      grownRel.set(this.relOffsets);
      this.relOffsets = grownRel;
      const grownPos = new Int32Array(this.count * 2);
      grownPos.set(this.positions);
      this.positions = grownPos;
    }
    this.relOffsets[this.count] = rel;
    this.positions[this.count] = position;
    this.count++;
  }
}
