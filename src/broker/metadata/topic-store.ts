/**
 * The broker's topic catalogue: names, ids, partition counts and the configs
 * set on each topic. It lives in memory and in `<data-dir>/meta/topics.json`,
 * rewritten atomically (temp file, fsync, rename, fsync dir) after every
 * change and before the change is acknowledged. Writes are serialized so the
 * file always holds a complete, recent snapshot.
 *
 * Order of effects: a topic is written to the catalogue before its partition
 * directories exist, and removed from it before they are deleted, so after a
 * crash the catalogue is the truth and stray directories are removed on start.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { FileSystem } from '../../storage/index.js';
import { writeFileAtomic } from '../../storage/index.js';

export interface TopicRecord {
  name: string;
  /** 16 random bytes as 32 hex characters (Kafka's topic id). */
  id: string;
  partitions: number;
  configs: Record<string, string>;
  internal: boolean;
}

interface CatalogueFile {
  version: 1;
  clusterId: string;
  topics: TopicRecord[];
}

/** Kafka cluster ids are 16 random bytes in URL-safe base64 without padding. */
function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

export function newTopicId(): string {
  const id = randomBytes(16);
  if (id.every((b) => b === 0)) id[15] = 1; // the zero uuid means "no id"
  return id.toString('hex');
}

export class TopicStore {
  readonly clusterId: string;
  private readonly topics = new Map<string, TopicRecord>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly fs: FileSystem,
    private readonly file: string,
    catalogue: CatalogueFile,
  ) {
    this.clusterId = catalogue.clusterId;
    for (const t of catalogue.topics) this.topics.set(t.name, t);
  }

  static async open(fs: FileSystem, dataDir: string): Promise<TopicStore> {
    const dir = path.join(dataDir, 'meta');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'topics.json');
    let catalogue: CatalogueFile;
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file).toString('utf8');
      try {
        catalogue = JSON.parse(text) as CatalogueFile;
      } catch {
        throw new Error(`the topic catalogue ${file} is not valid JSON; it is written atomically, so something else changed it`);
      }
    } else {
      catalogue = { version: 1, clusterId: newClusterId(), topics: [] };
    }
    const store = new TopicStore(fs, file, catalogue);
    if (!fs.existsSync(file)) await store.persist();
    return store;
  }

  get(name: string): TopicRecord | undefined {
    return this.topics.get(name);
  }

  byId(id: string): TopicRecord | undefined {
    for (const t of this.topics.values()) if (t.id === id) return t;
    return undefined;
  }

  all(): TopicRecord[] {
    return [...this.topics.values()];
  }

  async put(topic: TopicRecord): Promise<void> {
    this.topics.set(topic.name, topic);
    await this.persist();
  }

  async remove(name: string): Promise<void> {
    this.topics.delete(name);
    await this.persist();
  }

  /** Writes the current snapshot; concurrent callers queue behind each other. */
  persist(): Promise<void> {
    const next = this.writing.then(() => {
      const catalogue: CatalogueFile = { version: 1, clusterId: this.clusterId, topics: this.all() };
      return writeFileAtomic(this.fs, this.file, Buffer.from(JSON.stringify(catalogue, null, 2)));
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
