import { field, message } from '../schema.js';

/** TxnOffsetCommit (API key 28): versions 0-4, flexible from v3. */
export default message({
  apiKey: 28,
  name: 'TxnOffsetCommit',
  valid: '0-4',
  flexible: '3+',
  request: [
    field('transactionalId', 'string', '0+'),
    field('groupId', 'string', '0+'),
    field('producerId', 'int64', '0+'),
    field('producerEpoch', 'int16', '0+'),
    field('generationId', 'int32', '3+', { default: -1 }),
    field('memberId', 'string', '3+', { default: '' }),
    field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
    field('topics', '[]struct', '0+', {
      // TxnOffsetCommitRequestTopic
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // TxnOffsetCommitRequestPartition
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('committedOffset', 'int64', '0+'),
            field('committedLeaderEpoch', 'int32', '2+', { default: -1 }),
            field('committedMetadata', 'string', '0+', { nullable: '0+' }),
          ],
        }),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('topics', '[]struct', '0+', {
      // TxnOffsetCommitResponseTopic
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // TxnOffsetCommitResponsePartition
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
          ],
        }),
      ],
    }),
  ],
});
