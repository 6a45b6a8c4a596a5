import { field, message } from '../schema.js';

/** CreatePartitions (API key 37): versions 0-3, flexible from v2. */
export default message({
  apiKey: 37,
  name: 'CreatePartitions',
  valid: '0-3',
  flexible: '2+',
  request: [
    field('topics', '[]struct', '0+', {
      // CreatePartitionsTopic
      fields: [
        field('name', 'string', '0+'),
        field('count', 'int32', '0+'),
        field('assignments', '[]struct', '0+', {
          // CreatePartitionsAssignment
          nullable: '0+',
          fields: [
            field('brokerIds', '[]int32', '0+'),
          ],
        }),
      ],
    }),
    field('timeoutMs', 'int32', '0+'),
    field('validateOnly', 'bool', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('results', '[]struct', '0+', {
      // CreatePartitionsTopicResult
      fields: [
        field('name', 'string', '0+'),
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
      ],
    }),
  ],
});
