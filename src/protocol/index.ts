export * from './messages/index.js';
export * from './reader.js';
export * from './writer.js';
export * from './codec.js';
export * from './headers.js';
export * from './frame.js';
export * from './kafka-errors.js';
export * from './api-versions-rule.js';
