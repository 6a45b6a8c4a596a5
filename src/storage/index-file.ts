/**
 * The file side of a sparse index: fixed-size big-endian entries appended one
 * after another, nothing else (no preallocation, no header). Indexes are
 * disposable — they can always be rebuilt from the log — so a failed index
 * write never fails an append: the file is removed (it will be rebuilt on the
 * next start) and the index lives on in memory only.
 */
import type { FileSystem } from './file-system.js';

export class IndexFile {
  private fd: number | undefined;
  private stale = false;

  constructor(
    private readonly fs: FileSystem,
    readonly path: string,
    private readonly entryBytes: number,
  ) {}

  /** Reads the whole file, or undefined when it is missing, unreadable or not a whole number of entries. */
  static readEntries(fs: FileSystem, path: string, entryBytes: number): Buffer | undefined {
    try {
      if (!fs.existsSync(path)) return undefined;
      const bytes = fs.readFileSync(path);
      return bytes.length % entryBytes === 0 ? bytes : undefined;
    } catch {
      return undefined;
    }
  }

  /** Replaces the file's content with `entries` (an index just rebuilt or truncated). */
  rewrite(entries: Buffer): void {
    this.closeFd();
    this.stale = false;
    try {
      this.fs.writeFileSync(this.path, entries);
    } catch {
      this.markStale();
    }
  }

  append(entry: Buffer, entryIndex: number): void {
    if (this.stale) return;
    try {
      this.fd ??= this.fs.openSync(this.path, this.fs.existsSync(this.path) ? 'r+' : 'w+');
      const written = this.fs.writeSync(this.fd, entry, 0, entry.length, entryIndex * this.entryBytes);
      if (written !== entry.length) throw new Error('short index write');
    } catch {
      this.markStale();
    }
  }

  close(): void {
    this.closeFd();
  }

  delete(): void {
    this.closeFd();
    try {
      this.fs.rmSync(this.path);
    } catch {
      // a leftover index is checked against its segment on the next start
    }
  }

  private markStale(): void {
    this.stale = true;
    this.delete();
  }

  private closeFd(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      this.fs.closeSync(fd);
    } catch {
      // nothing was buffered in user space; the entries are in memory anyway
    }
  }
}
