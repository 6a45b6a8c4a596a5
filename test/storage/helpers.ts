import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { ManualClock } from '../../src/common/index.js';
import { Log, type LogConfig } from '../../src/storage/index.js';
import { FaultyFileSystem } from '../support/faulty-fs.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kgo-storage-'));
  dirs.push(dir);
  return dir;
}

export const smallConfig: LogConfig = { segmentBytes: 4096, segmentMs: 60_000, indexIntervalBytes: 256 };

export interface Harness {
  dir: string;
  fs: FaultyFileSystem;
  clock: ManualClock;
  lines: string[];
  open(config?: LogConfig): Log;
  /** A power cut: unsynced bytes are lost; later opens use a fresh FileSystem. */
  crash(): void;
}

export function harness(): Harness {
  const dir = join(tempDir(), 'topic-0');
  const clock = new ManualClock();
  const lines: string[] = [];
  const h: Harness = {
    dir,
    fs: new FaultyFileSystem(),
    clock,
    lines,
    open: (config = smallConfig) => Log.open(dir, config, { fs: h.fs, clock, log: (l) => lines.push(l) }),
    crash: () => {
      h.fs.crash();
      h.fs = new FaultyFileSystem();
    },
  };
  return h;
}
