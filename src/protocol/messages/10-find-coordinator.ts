import { field, message } from '../schema.js';

/** FindCoordinator (API key 10): versions 0-6, flexible from v3. */
export default message({
  apiKey: 10,
  name: 'FindCoordinator',
  valid: '0-6',
  flexible: '3+',
  request: [
    field('key', 'string', '0-3'),
    field('keyType', 'int8', '1+', { default: 0 }),
    field('coordinatorKeys', '[]string', '4+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0-3'),
    field('errorMessage', 'string', '1-3', { nullable: '1-3' }),
    field('nodeId', 'int32', '0-3'),
    field('host', 'string', '0-3'),
    field('port', 'int32', '0-3'),
    field('coordinators', '[]struct', '4+', {
      // Coordinator
      fields: [
        field('key', 'string', '4+'),
        field('nodeId', 'int32', '4+'),
        field('host', 'string', '4+'),
        field('port', 'int32', '4+'),
        field('errorCode', 'int16', '4+'),
        field('errorMessage', 'string', '4+', { nullable: '4+' }),
      ],
    }),
  ],
});
