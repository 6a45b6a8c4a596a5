import { field, message } from '../schema.js';

/** AddOffsetsToTxn (API key 25): versions 0-4, flexible from v3. */
export default message({
  apiKey: 25,
  name: 'AddOffsetsToTxn',
  valid: '0-4',
  flexible: '3+',
  request: [
    field('transactionalId', 'string', '0+'),
    field('producerId', 'int64', '0+'),
    field('producerEpoch', 'int16', '0+'),
    field('groupId', 'string', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
  ],
});
