import { field, message } from '../schema.js';

/** ListOffsets (API key 2): versions 0-10, flexible from v6. */
export default message({
  apiKey: 2,
  name: 'ListOffsets',
  valid: '0-10',
  flexible: '6+',
  request: [
    field('replicaId', 'int32', '0+'),
    field('isolationLevel', 'int8', '2+'),
    field('topics', '[]struct', '0+', {
      // ListOffsetsTopic
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // ListOffsetsPartition
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('currentLeaderEpoch', 'int32', '4+', { default: -1 }),
            field('timestamp', 'int64', '0+'),
            field('maxNumOffsets', 'int32', '0', { default: 1 }),
          ],
        }),
      ],
    }),
    field('timeoutMs', 'int32', '10+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '2+'),
    field('topics', '[]struct', '0+', {
      // ListOffsetsTopicResponse
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // ListOffsetsPartitionResponse
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('oldStyleOffsets', '[]int64', '0'),
            field('timestamp', 'int64', '1+', { default: -1 }),
            field('offset', 'int64', '1+', { default: -1 }),
            field('leaderEpoch', 'int32', '4+', { default: -1 }),
          ],
        }),
      ],
    }),
  ],
});
