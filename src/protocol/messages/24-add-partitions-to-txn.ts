import { field, message } from '../schema.js';

/** AddPartitionsToTxn (API key 24): versions 0-5, flexible from v3. */
export default message({
  apiKey: 24,
  name: 'AddPartitionsToTxn',
  valid: '0-5',
  flexible: '3+',
  request: [
    field('transactions', '[]struct', '4+', {
      // AddPartitionsToTxnTransaction
      fields: [
        field('transactionalId', 'string', '4+'),
        field('producerId', 'int64', '4+'),
        field('producerEpoch', 'int16', '4+'),
        field('verifyOnly', 'bool', '4+', { default: false }),
        field('topics', '[]struct', '4+', {
          // AddPartitionsToTxnTopic
          fields: [
            field('name', 'string', '0+'),
            field('partitions', '[]int32', '0+'),
          ],
        }),
      ],
    }),
    field('v3AndBelowTransactionalId', 'string', '0-3'),
    field('v3AndBelowProducerId', 'int64', '0-3'),
    field('v3AndBelowProducerEpoch', 'int16', '0-3'),
    field('v3AndBelowTopics', '[]struct', '0-3', {
      // AddPartitionsToTxnTopic
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]int32', '0+'),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '4+'),
    field('resultsByTransaction', '[]struct', '4+', {
      // AddPartitionsToTxnResult
      fields: [
        field('transactionalId', 'string', '4+'),
        field('topicResults', '[]struct', '4+', {
          // AddPartitionsToTxnTopicResult
          fields: [
            field('name', 'string', '0+'),
            field('resultsByPartition', '[]struct', '0+', {
              // AddPartitionsToTxnPartitionResult
              fields: [
                field('partitionIndex', 'int32', '0+'),
                field('partitionErrorCode', 'int16', '0+'),
              ],
            }),
          ],
        }),
      ],
    }),
    field('resultsByTopicV3AndBelow', '[]struct', '0-3', {
      // AddPartitionsToTxnTopicResult
      fields: [
        field('name', 'string', '0+'),
        field('resultsByPartition', '[]struct', '0+', {
          // AddPartitionsToTxnPartitionResult
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('partitionErrorCode', 'int16', '0+'),
          ],
        }),
      ],
    }),
  ],
});
