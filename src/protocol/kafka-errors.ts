/**
 * Kafka's error table (codes -1..128): code, name, whether clients retry it,
 * and the standard message. Codes are the protocol; names follow Kafka's
 * current spelling (6 is NOT_LEADER_OR_FOLLOWER).
 */

export interface KafkaErrorInfo {
  code: number;
  name: string;
  retriable: boolean;
  message: string;
}

type Row = readonly [code: number, name: string, retriable: boolean, message: string];

const T = true;
const F = false;

const ROWS = [
  [-1, 'UNKNOWN_SERVER_ERROR', F, 'The server experienced an unexpected error when processing the request.'],
  [0, 'NONE', F, ''],
  [1, 'OFFSET_OUT_OF_RANGE', F, 'The requested offset is not within the range of offsets maintained by the server.'],
  [2, 'CORRUPT_MESSAGE', T, 'This message has failed its CRC checksum, exceeds the valid size, has a null key for a compacted topic, or is otherwise corrupt.'],
  [3, 'UNKNOWN_TOPIC_OR_PARTITION', T, 'This server does not host this topic-partition.'],
  [4, 'INVALID_FETCH_SIZE', F, 'The requested fetch size is invalid.'],
  [5, 'LEADER_NOT_AVAILABLE', T, 'There is no leader for this topic-partition as we are in the middle of a leadership election.'],
  [6, 'NOT_LEADER_OR_FOLLOWER', T, 'For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.'],
  [7, 'REQUEST_TIMED_OUT', T, 'The request timed out.'],
  [8, 'BROKER_NOT_AVAILABLE', F, 'The broker is not available.'],
  [9, 'REPLICA_NOT_AVAILABLE', T, 'The replica is not available for the requested topic-partition. Produce/Fetch requests and other requests intended only for the leader or follower return NOT_LEADER_OR_FOLLOWER if the broker is not a replica of the topic-partition.'],
  [10, 'MESSAGE_TOO_LARGE', F, 'The request included a message larger than the max message size the server will accept.'],
  [11, 'STALE_CONTROLLER_EPOCH', F, 'The controller moved to another broker.'],
  [12, 'OFFSET_METADATA_TOO_LARGE', F, 'The metadata field of the offset request was too large.'],
  [13, 'NETWORK_EXCEPTION', T, 'The server disconnected before a response was received.'],
  [14, 'COORDINATOR_LOAD_IN_PROGRESS', T, "The coordinator is loading and hence can't process requests."],
  [15, 'COORDINATOR_NOT_AVAILABLE', T, 'The coordinator is not available.'],
  [16, 'NOT_COORDINATOR', T, 'This is not the correct coordinator.'],
  [17, 'INVALID_TOPIC_EXCEPTION', F, 'The request attempted to perform an operation on an invalid topic.'],
  [18, 'RECORD_LIST_TOO_LARGE', F, 'The request included message batch larger than the configured segment size on the server.'],
  [19, 'NOT_ENOUGH_REPLICAS', T, 'Messages are rejected since there are fewer in-sync replicas than required.'],
  [20, 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', T, 'Messages are written to the log, but to fewer in-sync replicas than required.'],
  [21, 'INVALID_REQUIRED_ACKS', F, 'Produce request specified an invalid value for required acks.'],
  [22, 'ILLEGAL_GENERATION', F, 'Specified group generation id is not valid.'],
  [23, 'INCONSISTENT_GROUP_PROTOCOL', F, "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list."],
  [24, 'INVALID_GROUP_ID', F, 'The group id is invalid.'],
  [25, 'UNKNOWN_MEMBER_ID', F, 'The coordinator is not aware of this member.'],
  [26, 'INVALID_SESSION_TIMEOUT', F, 'The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).'],
  [27, 'REBALANCE_IN_PROGRESS', F, 'The group is rebalancing, so a rejoin is needed.'],
  [28, 'INVALID_COMMIT_OFFSET_SIZE', F, 'The committing offset data size is not valid.'],
  [29, 'TOPIC_AUTHORIZATION_FAILED', F, 'Topic authorization failed.'],
  [30, 'GROUP_AUTHORIZATION_FAILED', F, 'Group authorization failed.'],
  [31, 'CLUSTER_AUTHORIZATION_FAILED', F, 'Cluster authorization failed.'],
  [32, 'INVALID_TIMESTAMP', F, 'The timestamp of the message is out of acceptable range.'],
  [33, 'UNSUPPORTED_SASL_MECHANISM', F, 'The broker does not support the requested SASL mechanism.'],
  [34, 'ILLEGAL_SASL_STATE', F, 'Request is not valid given the current SASL state.'],
  [35, 'UNSUPPORTED_VERSION', F, 'The version of API is not supported.'],
  [36, 'TOPIC_ALREADY_EXISTS', F, 'Topic with this name already exists.'],
  [37, 'INVALID_PARTITIONS', F, 'Number of partitions is below 1.'],
  [38, 'INVALID_REPLICATION_FACTOR', F, 'Replication factor is below 1 or larger than the number of available brokers.'],
  [39, 'INVALID_REPLICA_ASSIGNMENT', F, 'Replica assignment is invalid.'],
  [40, 'INVALID_CONFIG', F, 'Configuration is invalid.'],
  [41, 'NOT_CONTROLLER', T, 'This is not the correct controller for this cluster.'],
  [42, 'INVALID_REQUEST', F, 'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.'],
  [43, 'UNSUPPORTED_FOR_MESSAGE_FORMAT', F, 'The message format version on the broker does not support the request.'],
  [44, 'POLICY_VIOLATION', F, 'Request parameters do not satisfy the configured policy.'],
  [45, 'OUT_OF_ORDER_SEQUENCE_NUMBER', F, 'The broker received an out of order sequence number.'],
  [46, 'DUPLICATE_SEQUENCE_NUMBER', F, 'The broker received a duplicate sequence number.'],
  [47, 'INVALID_PRODUCER_EPOCH', F, 'Producer attempted to produce with an old epoch.'],
  [48, 'INVALID_TXN_STATE', F, 'The producer attempted a transactional operation in an invalid state.'],
  [49, 'INVALID_PRODUCER_ID_MAPPING', F, 'The producer attempted to use a producer id which is not currently assigned to its transactional id.'],
  [50, 'INVALID_TRANSACTION_TIMEOUT', F, 'The transaction timeout is larger than the maximum value allowed by the broker (as configured by transaction.max.timeout.ms).'],
  [51, 'CONCURRENT_TRANSACTIONS', T, 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing.'],
  [52, 'TRANSACTION_COORDINATOR_FENCED', F, 'Indicates that the transaction coordinator sending a WriteTxnMarker is no longer the current coordinator for a given producer.'],
  [53, 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', F, 'Transactional Id authorization failed.'],
  [54, 'SECURITY_DISABLED', F, 'Security features are disabled.'],
  [55, 'OPERATION_NOT_ATTEMPTED', F, 'The broker did not attempt to execute this operation. This may happen for batched RPCs where some operations in the batch failed, causing the broker to respond without trying the rest.'],
  [56, 'KAFKA_STORAGE_ERROR', T, 'Disk error when trying to access log file on the disk.'],
  [57, 'LOG_DIR_NOT_FOUND', F, 'The user-specified log directory is not found in the broker config.'],
  [58, 'SASL_AUTHENTICATION_FAILED', F, 'SASL Authentication failed.'],
  [59, 'UNKNOWN_PRODUCER_ID', F, "This exception is raised by the broker if it could not locate the producer metadata associated with the producerId in question. This could happen if, for instance, the producer's records were deleted because their retention time had elapsed. Once the last records of the producerId are removed, the producer's metadata is removed from the broker, and future appends by the producer will return this exception."],
  [60, 'REASSIGNMENT_IN_PROGRESS', F, 'A partition reassignment is in progress.'],
  [61, 'DELEGATION_TOKEN_AUTH_DISABLED', F, 'Delegation Token feature is not enabled.'],
  [62, 'DELEGATION_TOKEN_NOT_FOUND', F, 'Delegation Token is not found on server.'],
  [63, 'DELEGATION_TOKEN_OWNER_MISMATCH', F, 'Specified Principal is not valid Owner/Renewer.'],
  [64, 'DELEGATION_TOKEN_REQUEST_NOT_ALLOWED', F, 'Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels and on delegation token authenticated channels.'],
  [65, 'DELEGATION_TOKEN_AUTHORIZATION_FAILED', F, 'Delegation Token authorization failed.'],
  [66, 'DELEGATION_TOKEN_EXPIRED', F, 'Delegation Token is expired.'],
  [67, 'INVALID_PRINCIPAL_TYPE', F, 'Supplied principalType is not supported.'],
  [68, 'NON_EMPTY_GROUP', F, 'The group is not empty.'],
  [69, 'GROUP_ID_NOT_FOUND', F, 'The group id does not exist.'],
  [70, 'FETCH_SESSION_ID_NOT_FOUND', T, 'The fetch session ID was not found.'],
  [71, 'INVALID_FETCH_SESSION_EPOCH', T, 'The fetch session epoch is invalid.'],
  [72, 'LISTENER_NOT_FOUND', T, 'There is no listener on the leader broker that matches the listener on which metadata request was processed.'],
  [73, 'TOPIC_DELETION_DISABLED', F, 'Topic deletion is disabled.'],
  [74, 'FENCED_LEADER_EPOCH', T, 'The leader epoch in the request is older than the epoch on the broker.'],
  [75, 'UNKNOWN_LEADER_EPOCH', T, 'The leader epoch in the request is newer than the epoch on the broker.'],
  [76, 'UNSUPPORTED_COMPRESSION_TYPE', F, 'The requesting client does not support the compression type of given partition.'],
  [77, 'STALE_BROKER_EPOCH', F, 'Broker epoch has changed.'],
  [78, 'OFFSET_NOT_AVAILABLE', T, 'The leader high watermark has not caught up from a recent leader election so the offsets cannot be guaranteed to be monotonically increasing.'],
  [79, 'MEMBER_ID_REQUIRED', F, 'The group member needs to have a valid member id before actually entering a consumer group.'],
  [80, 'PREFERRED_LEADER_NOT_AVAILABLE', T, 'The preferred leader was not available.'],
  [81, 'GROUP_MAX_SIZE_REACHED', F, 'The group has reached its maximum size.'],
  [82, 'FENCED_INSTANCE_ID', F, 'The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.'],
  [83, 'ELIGIBLE_LEADERS_NOT_AVAILABLE', T, 'Eligible topic partition leaders are not available.'],
  [84, 'ELECTION_NOT_NEEDED', T, 'Leader election not needed for topic partition.'],
  [85, 'NO_REASSIGNMENT_IN_PROGRESS', F, 'No partition reassignment is in progress.'],
  [86, 'GROUP_SUBSCRIBED_TO_TOPIC', F, 'Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.'],
  [87, 'INVALID_RECORD', F, 'This record has failed the validation on broker and hence will be rejected.'],
  [88, 'UNSTABLE_OFFSET_COMMIT', T, 'There are unstable offsets that need to be cleared.'],
  [89, 'THROTTLING_QUOTA_EXCEEDED', T, 'The throttling quota has been exceeded.'],
  [90, 'PRODUCER_FENCED', F, 'There is a newer producer with the same transactionalId which fences the current one.'],
  [91, 'RESOURCE_NOT_FOUND', F, 'A request illegally referred to a resource that does not exist.'],
  [92, 'DUPLICATE_RESOURCE', F, 'A request illegally referred to the same resource twice.'],
  [93, 'UNACCEPTABLE_CREDENTIAL', F, 'Requested credential would not meet criteria for acceptability.'],
  [94, 'INCONSISTENT_VOTER_SET', F, 'Indicates that the either the sender or recipient of a voter-only request is not one of the expected voters.'],
  [95, 'INVALID_UPDATE_VERSION', F, 'The given update version was invalid.'],
  [96, 'FEATURE_UPDATE_FAILED', F, 'Unable to update finalized features due to an unexpected server error.'],
  [97, 'PRINCIPAL_DESERIALIZATION_FAILURE', F, 'Request principal deserialization failed during forwarding. This indicates an internal error on the broker cluster security setup.'],
  [98, 'SNAPSHOT_NOT_FOUND', F, 'Requested snapshot was not found.'],
  [99, 'POSITION_OUT_OF_RANGE', F, 'Requested position is not greater than or equal to zero, and less than the size of the snapshot.'],
  [100, 'UNKNOWN_TOPIC_ID', T, 'This server does not host this topic ID.'],
  [101, 'DUPLICATE_BROKER_REGISTRATION', F, 'This broker ID is already in use.'],
  [102, 'BROKER_ID_NOT_REGISTERED', F, 'The given broker ID was not registered.'],
  [103, 'INCONSISTENT_TOPIC_ID', T, "The log's topic ID did not match the topic ID in the request."],
  [104, 'INCONSISTENT_CLUSTER_ID', F, 'The clusterId in the request does not match that found on the server.'],
  [105, 'TRANSACTIONAL_ID_NOT_FOUND', F, 'The transactionalId could not be found.'],
  [106, 'FETCH_SESSION_TOPIC_ID_ERROR', T, 'The fetch session encountered inconsistent topic ID usage.'],
  [107, 'INELIGIBLE_REPLICA', F, 'The new ISR contains at least one ineligible replica.'],
  [108, 'NEW_LEADER_ELECTED', F, 'The AlterPartition request successfully updated the partition state but the leader has changed.'],
  [109, 'OFFSET_MOVED_TO_TIERED_STORAGE', F, 'The requested offset is moved to tiered storage.'],
  [110, 'FENCED_MEMBER_EPOCH', F, 'The member epoch is fenced by the group coordinator. The member must abandon all its partitions and rejoin.'],
  [111, 'UNRELEASED_INSTANCE_ID', F, 'The instance ID is still used by another member in the consumer group. That member must leave first.'],
  [112, 'UNSUPPORTED_ASSIGNOR', F, 'The assignor or its version range is not supported by the consumer group.'],
  [113, 'STALE_MEMBER_EPOCH', F, 'The member epoch is stale. The member must retry after receiving its updated member epoch via the ConsumerGroupHeartbeat API.'],
  [114, 'MISMATCHED_ENDPOINT_TYPE', F, 'The request was sent to an endpoint of the wrong type.'],
  [115, 'UNSUPPORTED_ENDPOINT_TYPE', F, 'This endpoint type is not supported yet.'],
  [116, 'UNKNOWN_CONTROLLER_ID', F, 'This controller ID is not known.'],
  [117, 'UNKNOWN_SUBSCRIPTION_ID', F, 'Client sent a push telemetry request with an invalid or outdated subscription ID.'],
  [118, 'TELEMETRY_TOO_LARGE', F, 'Client sent a push telemetry request larger than the maximum size the broker will accept.'],
  [119, 'INVALID_REGISTRATION', F, 'The controller has considered the broker registration to be invalid.'],
  [120, 'TRANSACTION_ABORTABLE', F, 'The server encountered an error with the transaction. The client can abort the transaction to continue using this transactional ID.'],
  [121, 'INVALID_RECORD_STATE', F, 'The record state is invalid. The acknowledgement of delivery could not be completed.'],
  [122, 'SHARE_SESSION_NOT_FOUND', T, 'The share session was not found.'],
  [123, 'INVALID_SHARE_SESSION_EPOCH', T, 'The share session epoch is invalid.'],
  [124, 'FENCED_STATE_EPOCH', F, 'The share coordinator rejected the request because the share-group state epoch did not match.'],
  [125, 'INVALID_VOTER_KEY', F, "The voter key doesn't match the receiving replica's key."],
  [126, 'DUPLICATE_VOTER', F, 'The voter is already part of the set of voters.'],
  [127, 'VOTER_NOT_FOUND', F, 'The voter is not part of the set of voters.'],
  [128, 'INVALID_REGULAR_EXPRESSION', F, 'The regular expression is not valid.'],
] as const satisfies readonly Row[];

type ErrorName = (typeof ROWS)[number][1];

/** `ErrorCode.UNKNOWN_TOPIC_OR_PARTITION === 3`, for every name in the table. */
export const ErrorCode = Object.freeze(Object.fromEntries(ROWS.map(([code, name]) => [name, code]))) as {
  readonly [K in ErrorName]: Extract<(typeof ROWS)[number], readonly [number, K, boolean, string]>[0];
};

export const KAFKA_ERRORS: readonly KafkaErrorInfo[] = ROWS.map(([code, name, retriable, message]) => ({
  code,
  name,
  retriable,
  message,
}));

const byCode = new Map(KAFKA_ERRORS.map((e) => [e.code, e]));

/** The table entry for a code; unknown codes read as UNKNOWN_SERVER_ERROR. */
export function kafkaError(code: number): KafkaErrorInfo {
  return byCode.get(code) ?? byCode.get(-1)!;
}

export function isRetriable(code: number): boolean {
  return byCode.get(code)?.retriable ?? false;
}

export function errorName(code: number): string {
  return byCode.get(code)?.name ?? `UNKNOWN_ERROR_${code}`;
}
