import { field, type FieldDef } from '../schema.js';
import type { FieldSetVersions } from './field-set.js';

// The payloads a consumer group carries inside JoinGroup protocol metadata and
// SyncGroup assignments; brokers pass them through, tools decode them.

/** ConsumerProtocolSubscription: versions 0-3, flexible none. */
export const consumerProtocolSubscriptionVersions: FieldSetVersions = { valid: '0-3', flexible: 'none' };

export const consumerProtocolSubscription: FieldDef[] = [
  field('topics', '[]string', '0+'),
  field('userData', 'bytes', '0+', { nullable: '0+', default: null }),
  field('ownedPartitions', '[]struct', '1+', {
    // TopicPartition
    fields: [
      field('topic', 'string', '1+'),
      field('partitions', '[]int32', '1+'),
    ],
  }),
  field('generationId', 'int32', '2+', { default: -1 }),
  field('rackId', 'string', '3+', { nullable: '3+', default: null }),
];

/** ConsumerProtocolAssignment: versions 0-3, flexible none. */
export const consumerProtocolAssignmentVersions: FieldSetVersions = { valid: '0-3', flexible: 'none' };

export const consumerProtocolAssignment: FieldDef[] = [
  field('assignedPartitions', '[]struct', '0+', {
    // TopicPartition
    fields: [
      field('topic', 'string', '0+'),
      field('partitions', '[]int32', '0+'),
    ],
  }),
  field('userData', 'bytes', '0+', { nullable: '0+', default: null }),
];
