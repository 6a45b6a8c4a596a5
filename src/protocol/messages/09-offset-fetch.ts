import { field, message } from '../schema.js';

/** OffsetFetch (API key 9): versions 0-9, flexible from v6. */
export default message({
  apiKey: 9,
  name: 'OffsetFetch',
  valid: '0-9',
  flexible: '6+',
  request: [
    field('groupId', 'string', '0-7'),
    field('topics', '[]struct', '0-7', {
      // OffsetFetchRequestTopic
      nullable: '2-7',
      fields: [
        field('name', 'string', '0-7'),
        field('partitionIndexes', '[]int32', '0-7'),
      ],
    }),
    field('groups', '[]struct', '8+', {
      // OffsetFetchRequestGroup
      fields: [
        field('groupId', 'string', '8+'),
        field('memberId', 'string', '9+', { nullable: '9+', default: null }),
        field('memberEpoch', 'int32', '9+', { default: -1 }),
        field('topics', '[]struct', '8+', {
          // OffsetFetchRequestTopics
          nullable: '8+',
          fields: [
            field('name', 'string', '8+'),
            field('partitionIndexes', '[]int32', '8+'),
          ],
        }),
      ],
    }),
    field('requireStable', 'bool', '7+', { default: false }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '3+'),
    field('topics', '[]struct', '0-7', {
      // OffsetFetchResponseTopic
      fields: [
        field('name', 'string', '0-7'),
        field('partitions', '[]struct', '0-7', {
          // OffsetFetchResponsePartition
          fields: [
            field('partitionIndex', 'int32', '0-7'),
            field('committedOffset', 'int64', '0-7'),
            field('committedLeaderEpoch', 'int32', '5-7', { default: -1 }),
            field('metadata', 'string', '0-7', { nullable: '0-7' }),
            field('errorCode', 'int16', '0-7'),
          ],
        }),
      ],
    }),
    field('errorCode', 'int16', '2-7', { default: 0 }),
    field('groups', '[]struct', '8+', {
      // OffsetFetchResponseGroup
      fields: [
        field('groupId', 'string', '8+'),
        field('topics', '[]struct', '8+', {
          // OffsetFetchResponseTopics
          fields: [
            field('name', 'string', '8+'),
            field('partitions', '[]struct', '8+', {
              // OffsetFetchResponsePartitions
              fields: [
                field('partitionIndex', 'int32', '8+'),
                field('committedOffset', 'int64', '8+'),
                field('committedLeaderEpoch', 'int32', '8+', { default: -1 }),
                field('metadata', 'string', '8+', { nullable: '8+' }),
                field('errorCode', 'int16', '8+'),
              ],
            }),
          ],
        }),
        field('errorCode', 'int16', '8+', { default: 0 }),
      ],
    }),
  ],
});
