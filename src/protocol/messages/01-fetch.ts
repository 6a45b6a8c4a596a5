import { field, message } from '../schema.js';

/** Fetch (API key 1): versions 0-17, flexible from v12. */
export default message({
  apiKey: 1,
  name: 'Fetch',
  valid: '0-17',
  flexible: '12+',
  request: [
    field('clusterId', 'string', '12+', { nullable: '12+', tag: 0, tagged: '12+', default: null }),
    field('replicaId', 'int32', '0-14', { default: -1 }),
    field('replicaState', 'struct', '15+', {
      // ReplicaState
      tag: 1,
      tagged: '15+',
      fields: [
        field('replicaId', 'int32', '15+', { default: -1 }),
        field('replicaEpoch', 'int64', '15+', { default: -1 }),
      ],
    }),
    field('maxWaitMs', 'int32', '0+'),
    field('minBytes', 'int32', '0+'),
    field('maxBytes', 'int32', '3+', { default: 2147483647 }),
    field('isolationLevel', 'int8', '4+', { default: 0 }),
    field('sessionId', 'int32', '7+', { default: 0 }),
    field('sessionEpoch', 'int32', '7+', { default: -1 }),
    field('topics', '[]struct', '0+', {
      // FetchTopic
      fields: [
        field('topic', 'string', '0-12'),
        field('topicId', 'uuid', '13+'),
        field('partitions', '[]struct', '0+', {
          // FetchPartition
          fields: [
            field('partition', 'int32', '0+'),
            field('currentLeaderEpoch', 'int32', '9+', { default: -1 }),
            field('fetchOffset', 'int64', '0+'),
            field('lastFetchedEpoch', 'int32', '12+', { default: -1 }),
            field('logStartOffset', 'int64', '5+', { default: -1 }),
            field('partitionMaxBytes', 'int32', '0+'),
            field('replicaDirectoryId', 'uuid', '17+', { tag: 0, tagged: '17+' }),
          ],
        }),
      ],
    }),
    field('forgottenTopicsData', '[]struct', '7+', {
      // ForgottenTopic
      fields: [
        field('topic', 'string', '7-12'),
        field('topicId', 'uuid', '13+'),
        field('partitions', '[]int32', '7+'),
      ],
    }),
    field('rackId', 'string', '11+', { default: '' }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '7+'),
    field('sessionId', 'int32', '7+', { default: 0 }),
    field('responses', '[]struct', '0+', {
      // FetchableTopicResponse
      fields: [
        field('topic', 'string', '0-12'),
        field('topicId', 'uuid', '13+'),
        field('partitions', '[]struct', '0+', {
          // PartitionData
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('highWatermark', 'int64', '0+'),
            field('lastStableOffset', 'int64', '4+', { default: -1 }),
            field('logStartOffset', 'int64', '5+', { default: -1 }),
            field('divergingEpoch', 'struct', '12+', {
              // EpochEndOffset
              tag: 0,
              tagged: '12+',
              fields: [
                field('epoch', 'int32', '12+', { default: -1 }),
                field('endOffset', 'int64', '12+', { default: -1 }),
              ],
            }),
            field('currentLeader', 'struct', '12+', {
              // LeaderIdAndEpoch
              tag: 1,
              tagged: '12+',
              fields: [
                field('leaderId', 'int32', '12+', { default: -1 }),
                field('leaderEpoch', 'int32', '12+', { default: -1 }),
              ],
            }),
            field('snapshotId', 'struct', '12+', {
              // SnapshotId
              tag: 2,
              tagged: '12+',
              fields: [
                field('endOffset', 'int64', '0+', { default: -1 }),
                field('epoch', 'int32', '0+', { default: -1 }),
              ],
            }),
            field('abortedTransactions', '[]struct', '4+', {
              // AbortedTransaction
              nullable: '4+',
              fields: [
                field('producerId', 'int64', '4+'),
                field('firstOffset', 'int64', '4+'),
              ],
            }),
            field('preferredReadReplica', 'int32', '11+', { default: -1 }),
            field('records', 'records', '0+', { nullable: '0+' }),
          ],
        }),
      ],
    }),
    field('nodeEndpoints', '[]struct', '16+', {
      // NodeEndpoint
      tag: 0,
      tagged: '16+',
      fields: [
        field('nodeId', 'int32', '16+'),
        field('host', 'string', '16+'),
        field('port', 'int32', '16+'),
        field('rack', 'string', '16+', { nullable: '16+', default: null }),
      ],
    }),
  ],
});
