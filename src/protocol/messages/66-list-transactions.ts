import { field, message } from '../schema.js';

/** ListTransactions (API key 66): versions 0-1, flexible from v0. */
export default message({
  apiKey: 66,
  name: 'ListTransactions',
  valid: '0-1',
  flexible: '0+',
  request: [
    field('stateFilters', '[]string', '0+'),
    field('producerIdFilters', '[]int64', '0+'),
    field('durationFilter', 'int64', '1+', { default: -1 }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('unknownStateFilters', '[]string', '0+'),
    field('transactionStates', '[]struct', '0+', {
      // TransactionState
      fields: [
        field('transactionalId', 'string', '0+'),
        field('producerId', 'int64', '0+'),
        field('transactionState', 'string', '0+'),
      ],
    }),
  ],
});
