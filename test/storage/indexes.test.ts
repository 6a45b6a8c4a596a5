import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/storage/index.js';
import { OffsetIndex } from '../../src/storage/offset-index.js';
import { TimeIndex } from '../../src/storage/time-index.js';
import { tempDir } from './helpers.js';

describe('OffsetIndex', () => {
  it('looks up the greatest entry at or below an offset and persists Kafka layout', () => {
    const path = join(tempDir(), '00000000000000000100.index');
    const index = new OffsetIndex(nodeFileSystem, path, 100);
    index.append(104, 500);
    index.append(109, 1200);
    index.append(130, 4000);
    expect([99, 104, 105, 109, 129, 130, 999].map((o) => index.lookup(o))).toEqual([0, 500, 500, 1200, 1200, 4000, 4000]);
    index.close();
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(24);
    expect([bytes.readInt32BE(0), bytes.readInt32BE(4)]).toEqual([4, 500]);

    const loaded = new OffsetIndex(nodeFileSystem, path, 100);
    expect(loaded.load(nodeFileSystem, 5000)).toBe(true);
    expect(loaded.lookup(120)).toBe(1200);
    expect(new OffsetIndex(nodeFileSystem, path, 100).load(nodeFileSystem, 3000)).toBe(false);
    loaded.truncateToSize(1200);
    expect(readFileSync(path).length).toBe(8);
  });

  it('rejects files that are not whole, increasing entries', () => {
    const path = join(tempDir(), '00000000000000000000.index');
    writeFileSync(path, Buffer.alloc(12));
    expect(new OffsetIndex(nodeFileSystem, path, 0).load(nodeFileSystem, 100)).toBe(false);
    writeFileSync(path, Buffer.from([0, 0, 0, 5, 0, 0, 0, 50, 0, 0, 0, 4, 0, 0, 0, 60]));
    expect(new OffsetIndex(nodeFileSystem, path, 0).load(nodeFileSystem, 100)).toBe(false);
  });
});

describe('TimeIndex', () => {
  it('keeps only growing timestamps and finds the last entry strictly before a time', () => {
    const path = join(tempDir(), '00000000000000000000.timeindex');
    const index = new TimeIndex(nodeFileSystem, path, 0);
    index.maybeAppend(1000, 3);
    index.maybeAppend(900, 5);
    index.maybeAppend(2000, 8);
    expect(index.entries).toBe(2);
    expect([999, 1000, 1001, 2000, 2001].map((t) => index.lookupBefore(t))).toEqual([undefined, undefined, 3, 3, 8]);
    index.close();
    const loaded = new TimeIndex(nodeFileSystem, path, 0);
    expect(loaded.load(nodeFileSystem)).toBe(true);
    expect(loaded.lastEntry()).toEqual({ timestamp: 2000, offset: 8 });
    loaded.truncateToOffset(8);
    expect(loaded.lastEntry()).toEqual({ timestamp: 1000, offset: 3 });
    expect(readFileSync(path).length).toBe(12);
  });
});
