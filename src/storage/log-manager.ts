/**
 * LogManager: every partition log of one data directory. Each partition is a
 * directory `<topic>-<partition>` (topic names may contain '-', so the
 * partition is what follows the last one). Directories ending in `.deleted`
 * are logs whose deletion was interrupted: they are removed on open. Deleting
 * renames first, so a crash mid-delete never leaves half a topic visible.
 * Other directories (such as `meta/`) are left alone.
 */
import { join } from 'node:path';
import { nodeFileSystem, type FileSystem } from './file-system.js';
import { storageError } from './errors.js';
import { Log, type LogConfig, type LogOptions } from './log.js';

const DELETED_SUFFIX = '.deleted';
const PARTITION_DIR = /^(.+)-(\d+)$/;

export type LogManagerOptions = LogOptions;

export class LogManager {
  private readonly logs = new Map<string, Log>();
  private readonly fs: FileSystem;

  private constructor(
    readonly dataDir: string,
    readonly defaults: LogConfig,
    private readonly opts: LogManagerOptions,
  ) {
    this.fs = opts.fs ?? nodeFileSystem;
  }

  /**
   * Opens every partition directory under `dataDir` (creating `dataDir` if
   * absent) with `configFor(topic)` or the defaults.
   */
  static open(
    dataDir: string,
    defaults: LogConfig,
    opts: LogManagerOptions & { configFor?: (topic: string) => LogConfig | undefined } = {},
  ): LogManager {
    const manager = new LogManager(dataDir, defaults, opts);
    manager.scan(opts.configFor ?? (() => undefined));
    return manager;
  }

  /** Splits `<topic>-<partition>` at the last '-'; undefined for any other name. */
  static parseDirName(name: string): { topic: string; partition: number } | undefined {
    const match = PARTITION_DIR.exec(name);
    if (!match) return undefined;
    return { topic: match[1]!, partition: Number(match[2]) };
  }

  getLog(topic: string, partition: number): Log | undefined {
    return this.logs.get(key(topic, partition));
  }

  /** Opens the log, creating its directory; returns the existing one if already open. */
  createLog(topic: string, partition: number, config: LogConfig = this.defaults): Log {
    const existing = this.getLog(topic, partition);
    if (existing) return existing;
    const log = Log.open(join(this.dataDir, key(topic, partition)), config, this.opts);
    this.logs.set(key(topic, partition), log);
    return log;
  }

  /** Removes the log and its directory (rename to `.deleted`, then remove). */
  async deleteLog(topic: string, partition: number): Promise<void> {
    const name = key(topic, partition);
    const log = this.logs.get(name);
    this.logs.delete(name);
    const dir = join(this.dataDir, name);
    const doomed = dir + DELETED_SUFFIX;
    try {
      if (this.fs.existsSync(dir)) this.fs.renameSync(dir, doomed);
      // Its data is going away: close without flushing.
      log?.delete();
      await this.fs.fsyncDir(this.dataDir);
      this.fs.rmSync(doomed);
    } catch (err) {
      throw storageError(err, 'delete log', dir);
    }
  }

  allLogs(): { topic: string; partition: number; log: Log }[] {
    return [...this.logs].map(([name, log]) => ({ ...LogManager.parseDirName(name)!, log }));
  }

  /** Closes every log (flush + recovery point); reports the first failure after trying all. */
  async close(): Promise<void> {
    const results = await Promise.allSettled([...this.logs.values()].map((log) => log.close()));
    this.logs.clear();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private scan(configFor: (topic: string) => LogConfig | undefined): void {
    try {
      if (!this.fs.existsSync(this.dataDir)) this.fs.mkdirSync(this.dataDir);
    } catch (err) {
      throw storageError(err, 'create data directory', this.dataDir);
    }
    for (const name of this.fs.readdirSync(this.dataDir).sort()) {
      const path = join(this.dataDir, name);
      if (!this.fs.isDirectorySync(path)) continue;
      if (name.endsWith(DELETED_SUFFIX)) {
        this.opts.log?.(`${path}: finishing an interrupted delete`);
        this.fs.rmSync(path);
        continue;
      }
      const parsed = LogManager.parseDirName(name);
      if (!parsed) continue;
      this.createLog(parsed.topic, parsed.partition, configFor(parsed.topic) ?? this.defaults);
    }
  }
}

function key(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
