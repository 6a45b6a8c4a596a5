import { field, message } from '../schema.js';

/** OffsetCommit (API key 8): versions 0-9, flexible from v8. */
export default message({
  apiKey: 8,
  name: 'OffsetCommit',
  valid: '0-9',
  flexible: '8+',
  request: [
    field('groupId', 'string', '0+'),
    field('generationIdOrMemberEpoch', 'int32', '1+', { default: -1 }),
    field('memberId', 'string', '1+'),
    field('groupInstanceId', 'string', '7+', { nullable: '7+', default: null }),
    field('retentionTimeMs', 'int64', '2-4', { default: -1 }),
    field('topics', '[]struct', '0+', {
      // OffsetCommitRequestTopic
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // OffsetCommitRequestPartition
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('committedOffset', 'int64', '0+'),
            field('committedLeaderEpoch', 'int32', '6+', { default: -1 }),
            field('commitTimestamp', 'int64', '1', { default: -1 }),
            field('committedMetadata', 'string', '0+', { nullable: '0+' }),
          ],
        }),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '3+'),
    field('topics', '[]struct', '0+', {
      // OffsetCommitResponseTopic
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // OffsetCommitResponsePartition
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
          ],
        }),
      ],
    }),
  ],
});
