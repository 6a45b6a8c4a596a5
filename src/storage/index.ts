export { Log, DEFAULT_LOG_CONFIG, type LogConfig, type LogOptions } from './log.js';
export type { ReadOptions, ReadResult } from './log-read.js';
export { LogManager, type LogManagerOptions } from './log-manager.js';
export { StorageError, OffsetOutOfRangeError } from './errors.js';
export { nodeFileSystem, type FileSystem } from './file-system.js';
export { writeFileAtomic } from './atomic-file.js';
