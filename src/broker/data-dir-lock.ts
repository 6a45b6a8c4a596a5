/**
 * One broker per data directory. The lock file holds the owner's pid; it is
 * created exclusively, and a lock left by a process that no longer exists
 * (a kill -9) is taken over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../common/index.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(owner) && (owner === process.pid || alive(owner))) {
        throw new UserError(
          `another kgo broker (pid ${owner}) is already using ${dataDir}`,
          'stop it first, or give this one its own --data-dir',
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new UserError(`could not lock ${dataDir}: another broker is starting on it`, 'give this one its own --data-dir');
}
