import { field, message } from '../schema.js';

/** ListPartitionReassignments (API key 46): versions 0, flexible from v0. */
export default message({
  apiKey: 46,
  name: 'ListPartitionReassignments',
  valid: '0',
  flexible: '0+',
  request: [
    field('timeoutMs', 'int32', '0+', { default: 60000 }),
    field('topics', '[]struct', '0+', {
      // ListPartitionReassignmentsTopics
      nullable: '0+',
      default: null,
      fields: [
        field('name', 'string', '0+'),
        field('partitionIndexes', '[]int32', '0+'),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+' }),
    field('topics', '[]struct', '0+', {
      // OngoingTopicReassignment
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // OngoingPartitionReassignment
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('replicas', '[]int32', '0+'),
            field('addingReplicas', '[]int32', '0+'),
            field('removingReplicas', '[]int32', '0+'),
          ],
        }),
      ],
    }),
  ],
});
