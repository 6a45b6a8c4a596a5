import { field, message } from '../schema.js';

/** Heartbeat (API key 12): versions 0-4, flexible from v4. */
export default message({
  apiKey: 12,
  name: 'Heartbeat',
  valid: '0-4',
  flexible: '4+',
  request: [
    field('groupId', 'string', '0+'),
    field('generationId', 'int32', '0+'),
    field('memberId', 'string', '0+'),
    field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
  ],
});
