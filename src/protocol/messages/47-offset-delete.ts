import { field, message } from '../schema.js';

/** OffsetDelete (API key 47): versions 0, never flexible. */
export default message({
  apiKey: 47,
  name: 'OffsetDelete',
  valid: '0',
  flexible: 'none',
  request: [
    field('groupId', 'string', '0+'),
    field('topics', '[]struct', '0+', {
      // OffsetDeleteRequestTopic
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // OffsetDeleteRequestPartition
          fields: [
            field('partitionIndex', 'int32', '0+'),
          ],
        }),
      ],
    }),
  ],
  response: [
    field('errorCode', 'int16', '0+'),
    field('throttleTimeMs', 'int32', '0+'),
    field('topics', '[]struct', '0+', {
      // OffsetDeleteResponseTopic
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // OffsetDeleteResponsePartition
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
          ],
        }),
      ],
    }),
  ],
});
