/**
 * Small metadata files (recovery point, log start offset, the broker's topic
 * metadata) are replaced atomically: write `<path>.tmp`, fdatasync it, rename
 * it over `<path>`, fsync the directory. A crash leaves either the old or the
 * new content, plus perhaps a `.tmp` leftover that the loader removes.
 */
import { dirname } from 'node:path';
import type { FileSystem } from './file-system.js';
import { storageError } from './errors.js';

export const TEMP_SUFFIX = '.tmp';

export async function writeFileAtomic(fs: FileSystem, path: string, data: Buffer | string): Promise<void> {
  const tempPath = path + TEMP_SUFFIX;
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  let fd: number | undefined;
  try {
    fd = fs.openSync(tempPath, 'w');
    let written = 0;
    while (written < bytes.length) {
      written += fs.writeSync(fd, bytes, written, bytes.length - written, written);
    }
    await fs.fdatasync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tempPath, path);
    await fs.fsyncDir(dirname(path));
  } catch (err) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // the write already failed; that error is the one worth reporting
      }
    }
    throw storageError(err, 'atomic write of', path);
  }
}
