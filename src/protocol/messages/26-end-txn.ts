import { field, message } from '../schema.js';

/** EndTxn (API key 26): versions 0-5, flexible from v3. */
export default message({
  apiKey: 26,
  name: 'EndTxn',
  valid: '0-5',
  flexible: '3+',
  request: [
    field('transactionalId', 'string', '0+'),
    field('producerId', 'int64', '0+'),
    field('producerEpoch', 'int16', '0+'),
    field('committed', 'bool', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('producerId', 'int64', '5+', { default: -1 }),
    field('producerEpoch', 'int16', '5+', { default: -1 }),
  ],
});
