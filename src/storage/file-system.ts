/**
 * The FileSystem port: every file operation of the storage layer goes through
 * it, so tests can inject ENOSPC, torn writes, failing fsyncs and crashes.
 *
 * The I/O model follows from the event loop being the single owner of broker
 * state: appends and reads are synchronous positional calls that only touch
 * the page cache (fast, and their errors surface right where the broker can
 * map them to KAFKA_STORAGE_ERROR); the slow, durable part — fdatasync and the
 * directory fsync after a rename — is asynchronous and runs on the threadpool.
 */
import * as fs from 'node:fs';

export interface FileSystem {
  /** `flags` as for node's fs.openSync: 'r', 'r+', 'w+', 'a+', 'wx+'... */
  openSync(path: string, flags: string): number;
  closeSync(fd: number): void;
  /** Positional write; returns the bytes written (may be fewer than asked). */
  writeSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number;
  /** Positional read; returns the bytes read (0 at end of file). */
  readSync(fd: number, buf: Buffer, offset: number, length: number, position: number): number;
  fileSizeSync(fd: number): number;
  ftruncateSync(fd: number, lengthBytes: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  readdirSync(path: string): string[];
  mkdirSync(path: string): void;
  /** Removes a file or a directory tree; absent paths are fine. */
  rmSync(path: string): void;
  existsSync(path: string): boolean;
  isDirectorySync(path: string): boolean;
  readFileSync(path: string): Buffer;
  writeFileSync(path: string, data: Buffer | string): void;
  /** Flushes the file's data (and the metadata needed to read it back). */
  fdatasync(fd: number): Promise<void>;
  /** Makes a rename, creation or removal inside `path` durable. */
  fsyncDir(path: string): Promise<void>;
}

export const nodeFileSystem: FileSystem = {
  openSync: (path, flags) => fs.openSync(path, flags),
  closeSync: (fd) => fs.closeSync(fd),
  writeSync: (fd, buf, offset, length, position) => fs.writeSync(fd, buf, offset, length, position),
  readSync: (fd, buf, offset, length, position) => fs.readSync(fd, buf, offset, length, position),
  fileSizeSync: (fd) => fs.fstatSync(fd).size,
  ftruncateSync: (fd, lengthBytes) => fs.ftruncateSync(fd, lengthBytes),
  renameSync: (from, to) => fs.renameSync(from, to),
  unlinkSync: (path) => fs.unlinkSync(path),
  readdirSync: (path) => fs.readdirSync(path),
  mkdirSync: (path) => {
    fs.mkdirSync(path, { recursive: true });
  },
  rmSync: (path) => fs.rmSync(path, { recursive: true, force: true }),
  existsSync: (path) => fs.existsSync(path),
  isDirectorySync: (path) => {
    try {
      return fs.statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  readFileSync: (path) => fs.readFileSync(path),
  writeFileSync: (path, data) => fs.writeFileSync(path, data),
  fdatasync: (fd) =>
    new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve()))),
  fsyncDir: async (path) => {
    const handle = await fs.promises.open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};
