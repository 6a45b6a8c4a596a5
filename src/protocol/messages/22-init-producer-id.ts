import { field, message } from '../schema.js';

/** InitProducerId (API key 22): versions 0-5, flexible from v2. */
export default message({
  apiKey: 22,
  name: 'InitProducerId',
  valid: '0-5',
  flexible: '2+',
  request: [
    field('transactionalId', 'string', '0+', { nullable: '0+' }),
    field('transactionTimeoutMs', 'int32', '0+'),
    field('producerId', 'int64', '3+', { default: -1 }),
    field('producerEpoch', 'int16', '3+', { default: -1 }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('producerId', 'int64', '0+', { default: -1 }),
    field('producerEpoch', 'int16', '0+'),
  ],
});
