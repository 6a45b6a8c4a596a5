export { GroupCoordinator, type GroupCoordinatorOptions } from './group-coordinator.js';
export { ErrorCode } from './error-codes.js';
export { GROUP_STATES, canTransition, assertTransition, type GroupState } from './group-state.js';
export {
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  encodeGroupMetadataKey,
  encodeGroupMetadataValue,
  decodeKey,
  decodeOffsetCommitValue,
  decodeGroupMetadataValue,
  javaStringHashCode,
  partitionForGroup,
  RecordFormatError,
  type CoordinatorKey,
  type OffsetCommitValue,
  type GroupMetadataValue,
  type GroupMemberValue,
} from './offsets-records.js';
export { decodeSubscriptionTopics } from './consumer-protocol.js';
export type { OffsetDeleteResult } from './offsets.js';
export * from './types.js';
export type { TransactionalOffset } from './txn-offsets.js';
