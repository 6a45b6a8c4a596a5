/**
 * What `kgo bench` commands load: the bench engines, meters and reports,
 * with the connection helpers they need, without the rest of client/.
 */
export { UsageError, UserError } from '../common/index.js';
export { resolveSettings, type ConnectionSettings } from './settings.js';
export { createKafka, connectAdmin, connectWithin, requireTopics } from './connection.js';
export * from './bench-histogram.js';
export * from './bench-report.js';
export * from './bench-token-bucket.js';
export * from './bench-compare.js';
export * from './bench-produce.js';
export * from './bench-progress.js';
export * from './bench-output.js';
export * from './bench-consume.js';
export * from './bench-e2e.js';
