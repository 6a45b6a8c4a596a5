import { field, message } from '../schema.js';

/** DescribeTransactions (API key 65): versions 0, flexible from v0. */
export default message({
  apiKey: 65,
  name: 'DescribeTransactions',
  valid: '0',
  flexible: '0+',
  request: [
    field('transactionalIds', '[]string', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('transactionStates', '[]struct', '0+', {
      // TransactionState
      fields: [
        field('errorCode', 'int16', '0+'),
        field('transactionalId', 'string', '0+'),
        field('transactionState', 'string', '0+'),
        field('transactionTimeoutMs', 'int32', '0+'),
        field('transactionStartTimeMs', 'int64', '0+'),
        field('producerId', 'int64', '0+'),
        field('producerEpoch', 'int16', '0+'),
        field('topics', '[]struct', '0+', {
          // TopicData
          fields: [
            field('topic', 'string', '0+'),
            field('partitions', '[]int32', '0+'),
          ],
        }),
      ],
    }),
  ],
});
