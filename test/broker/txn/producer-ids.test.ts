import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../../src/storage/index.js';
import { PRODUCER_ID_BLOCK_SIZE, ProducerIdManager } from '../../../src/broker/txn/index.js';

describe('ProducerIdManager', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  const dataDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kgo-pids-'));
    dirs.push(d);
    return d;
  };

  it('hands out consecutive ids and never reuses one after a restart', async () => {
    const dir = dataDir();
    const first = ProducerIdManager.open(nodeFileSystem, dir);
    const ids = await Promise.all([first.allocate(), first.allocate(), first.allocate()]);
    expect(ids).toEqual([0, 1, 2]);
    expect(fs.readFileSync(path.join(dir, 'meta', 'producer-id-block'), 'utf8').trim()).toBe(String(PRODUCER_ID_BLOCK_SIZE));
    const second = ProducerIdManager.open(nodeFileSystem, dir);
    expect(await second.allocate()).toBe(PRODUCER_ID_BLOCK_SIZE);
  });

  it('reserves the next block when one runs out', async () => {
    const dir = dataDir();
    const ids = ProducerIdManager.open(nodeFileSystem, dir);
    for (let i = 0; i < PRODUCER_ID_BLOCK_SIZE; i++) await ids.allocate();
    expect(await ids.allocate()).toBe(PRODUCER_ID_BLOCK_SIZE);
    expect(fs.readFileSync(path.join(dir, 'meta', 'producer-id-block'), 'utf8').trim()).toBe(String(2 * PRODUCER_ID_BLOCK_SIZE));
  });

  it('refuses a block file it cannot read instead of guessing', () => {
    const dir = dataDir();
    fs.mkdirSync(path.join(dir, 'meta'));
    fs.writeFileSync(path.join(dir, 'meta', 'producer-id-block'), 'garbage');
    expect(() => ProducerIdManager.open(nodeFileSystem, dir)).toThrow(/not a producer id/);
  });
});
