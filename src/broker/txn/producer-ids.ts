/**
 * Producer ids, unique across restarts: ids are handed out from a block
 * whose end is persisted (meta/producer-id-block, written atomically) before
 * the first id of the block is used. A restart starts at the persisted end,
 * skipping whatever was left of the previous block.
 *
 * File format: the decimal next unused id, one line.
 */
import * as path from 'node:path';
import { writeFileAtomic, type FileSystem } from '../../storage/index.js';

export const PRODUCER_ID_BLOCK_SIZE = 1000;
const FILE_NAME = 'producer-id-block';

export class ProducerIdManager {
  private next: number;
  private blockEnd: number;
  private reserving?: Promise<void>;

  private constructor(
    private readonly fs: FileSystem,
    private readonly file: string,
    start: number,
  ) {
    this.next = start;
    this.blockEnd = start;
  }

  static open(fs: FileSystem, dataDir: string): ProducerIdManager {
    const file = path.join(dataDir, 'meta', FILE_NAME);
    let start = 0;
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file).toString('utf8').trim();
      const parsed = Number(text);
      if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`${file} holds "${text}", not a producer id`);
      start = parsed;
    }
    return new ProducerIdManager(fs, file, start);
  }

  async allocate(): Promise<number> {
    while (this.next >= this.blockEnd) {
      this.reserving ??= this.reserveBlock().finally(() => (this.reserving = undefined));
      await this.reserving;
    }
    return this.next++;
  }

  private async reserveBlock(): Promise<void> {
    const end = this.blockEnd + PRODUCER_ID_BLOCK_SIZE;
    if (!this.fs.existsSync(path.dirname(this.file))) this.fs.mkdirSync(path.dirname(this.file));
    await writeFileAtomic(this.fs, this.file, `${end}\n`);
    this.blockEnd = end;
  }
}
