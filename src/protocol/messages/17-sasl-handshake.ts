import { field, message } from '../schema.js';

/** SaslHandshake (API key 17): versions 0-1, never flexible. */
export default message({
  apiKey: 17,
  name: 'SaslHandshake',
  valid: '0-1',
  flexible: 'none',
  request: [
    field('mechanism', 'string', '0+'),
  ],
  response: [
    field('errorCode', 'int16', '0+'),
    field('mechanisms', '[]string', '0+'),
  ],
});
