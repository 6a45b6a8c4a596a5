import { field, message } from '../schema.js';

/** DescribeProducers (API key 61): versions 0, flexible from v0. */
export default message({
  apiKey: 61,
  name: 'DescribeProducers',
  valid: '0',
  flexible: '0+',
  request: [
    field('topics', '[]struct', '0+', {
      // TopicRequest
      fields: [
        field('name', 'string', '0+'),
        field('partitionIndexes', '[]int32', '0+'),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('topics', '[]struct', '0+', {
      // TopicResponse
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // PartitionResponse
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
            field('activeProducers', '[]struct', '0+', {
              // ProducerState
              fields: [
                field('producerId', 'int64', '0+'),
                field('producerEpoch', 'int32', '0+'),
                field('lastSequence', 'int32', '0+', { default: -1 }),
                field('lastTimestamp', 'int64', '0+', { default: -1 }),
                field('coordinatorEpoch', 'int32', '0+'),
                field('currentTxnStartOffset', 'int64', '0+', { default: -1 }),
              ],
            }),
          ],
        }),
      ],
    }),
  ],
});
