export { Log, DEFAULT_LOG_CONFIG, LOG_RETENTION_DEFAULTS, retentionSettings, type CleanupPolicy, type LogConfig, type LogOptions } from './log.js';
export type { ReadOptions, ReadResult } from './log-read.js';
export { LogManager, type LogManagerOptions } from './log-manager.js';
export { LogCleaner, OFFSET_MAP_KEYS_MAX, type AbortedRange, type ProducerStateView, type CleanStats, type LogCleanerOptions } from './log-cleaner.js';
export { StorageError, OffsetOutOfRangeError } from './errors.js';
export { nodeFileSystem, type FileSystem } from './file-system.js';
export { writeFileAtomic } from './atomic-file.js';
