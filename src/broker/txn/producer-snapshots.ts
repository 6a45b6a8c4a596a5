/**
 * Producer state snapshots, so a restart replays only the tail of each log
 * instead of all of it. One file per partition in
 * `<data-dir>/meta/producer-snapshots/<topic>-<partition>.json`, replaced
 * atomically: `{ version, topicId, offset, producers, aborted }`, the state
 * after every batch below `offset`.
 *
 * A snapshot is used only when it belongs to the same topic (its id: a
 * deleted and recreated topic starts clean) and `offset` is not past the log
 * end (a crash may have lost unflushed batches the snapshot had seen; the
 * whole log is replayed then). Anything unreadable is ignored the same way:
 * snapshots are disposable, the log is the truth.
 */
import * as path from 'node:path';
import { writeFileAtomic, type FileSystem, type Log } from '../../storage/index.js';
import { PartitionProducerState, type ProducerStateData } from './producer-state.js';

const SNAPSHOT_VERSION = 1;
const DIR_NAME = 'producer-snapshots';

export interface PartitionIdentity {
  topic: string;
  partition: number;
  topicId: string;
}

interface SnapshotFile extends ProducerStateData {
  version: number;
  topicId: string;
  offset: number;
}

export class ProducerSnapshots {
  private readonly dir: string;

  constructor(
    private readonly fs: FileSystem,
    dataDir: string,
    /** The partition a log serves now; undefined for a log no longer in the catalogue. */
    readonly identify: (log: Log) => PartitionIdentity | undefined,
    private readonly logLine: (message: string) => void,
  ) {
    this.dir = path.join(dataDir, 'meta', DIR_NAME);
  }

  /** The snapshotted state and the offset to replay from, when a usable snapshot exists. */
  load(log: Log): { state: PartitionProducerState; offset: number } | undefined {
    const id = this.identify(log);
    if (!id) return undefined;
    const file = this.fileFor(id);
    if (!this.fs.existsSync(file)) return undefined;
    try {
      const s = JSON.parse(this.fs.readFileSync(file).toString('utf8')) as SnapshotFile;
      if (s.version !== SNAPSHOT_VERSION || s.topicId !== id.topicId || s.offset > log.logEndOffset) return undefined;
      return { state: PartitionProducerState.fromData(s), offset: Math.max(s.offset, log.logStartOffset) };
    } catch (err) {
      this.logLine(`ignoring producer snapshot ${file}: ${(err as Error).message}`);
      return undefined;
    }
  }

  async write(log: Log, state: PartitionProducerState): Promise<void> {
    const id = this.identify(log);
    if (!id) return;
    const snapshot: SnapshotFile = { version: SNAPSHOT_VERSION, topicId: id.topicId, offset: log.logEndOffset, ...state.toData() };
    if (!this.fs.existsSync(this.dir)) this.fs.mkdirSync(this.dir);
    await writeFileAtomic(this.fs, this.fileFor(id), JSON.stringify(snapshot));
  }

  private fileFor(id: Pick<PartitionIdentity, 'topic' | 'partition'>): string {
    return path.join(this.dir, `${id.topic}-${id.partition}.json`);
  }
}
