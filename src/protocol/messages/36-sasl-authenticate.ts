import { field, message } from '../schema.js';

/** SaslAuthenticate (API key 36): versions 0-2, flexible from v2. */
export default message({
  apiKey: 36,
  name: 'SaslAuthenticate',
  valid: '0-2',
  flexible: '2+',
  request: [
    field('authBytes', 'bytes', '0+'),
  ],
  response: [
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+' }),
    field('authBytes', 'bytes', '0+'),
    field('sessionLifetimeMs', 'int64', '1+', { default: 0 }),
  ],
});
