import { field, message } from '../schema.js';

/** OffsetForLeaderEpoch (API key 23): versions 0-4, flexible from v4. */
export default message({
  apiKey: 23,
  name: 'OffsetForLeaderEpoch',
  valid: '0-4',
  flexible: '4+',
  request: [
    field('replicaId', 'int32', '3+', { default: -2 }),
    field('topics', '[]struct', '0+', {
      // OffsetForLeaderTopic
      fields: [
        field('topic', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // OffsetForLeaderPartition
          fields: [
            field('partition', 'int32', '0+'),
            field('currentLeaderEpoch', 'int32', '2+', { default: -1 }),
            field('leaderEpoch', 'int32', '0+'),
          ],
        }),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '2+'),
    field('topics', '[]struct', '0+', {
      // OffsetForLeaderTopicResult
      fields: [
        field('topic', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // EpochEndOffset
          fields: [
            field('errorCode', 'int16', '0+'),
            field('partition', 'int32', '0+'),
            field('leaderEpoch', 'int32', '1+', { default: -1 }),
            field('endOffset', 'int64', '0+', { default: -1 }),
          ],
        }),
      ],
    }),
  ],
});
