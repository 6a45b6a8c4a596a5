/** RecordBatch v2: header access and patches, produce validation, record decoding and building. */
export * from './record-batch-header.js';
export * from './record-batch-validate.js';
export * from './record-batch-records.js';
export * from './record-batch-builder.js';
export * from './record-batch-control.js';
