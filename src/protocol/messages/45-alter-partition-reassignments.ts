import { field, message } from '../schema.js';

/** AlterPartitionReassignments (API key 45): versions 0, flexible from v0. */
export default message({
  apiKey: 45,
  name: 'AlterPartitionReassignments',
  valid: '0',
  flexible: '0+',
  request: [
    field('timeoutMs', 'int32', '0+', { default: 60000 }),
    field('topics', '[]struct', '0+', {
      // ReassignableTopic
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // ReassignablePartition
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('replicas', '[]int32', '0+', { nullable: '0+', default: null }),
          ],
        }),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+' }),
    field('responses', '[]struct', '0+', {
      // ReassignableTopicResponse
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // ReassignablePartitionResponse
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('errorMessage', 'string', '0+', { nullable: '0+' }),
          ],
        }),
      ],
    }),
  ],
});
