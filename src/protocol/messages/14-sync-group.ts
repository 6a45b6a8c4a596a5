import { field, message } from '../schema.js';

/** SyncGroup (API key 14): versions 0-5, flexible from v4. */
export default message({
  apiKey: 14,
  name: 'SyncGroup',
  valid: '0-5',
  flexible: '4+',
  request: [
    field('groupId', 'string', '0+'),
    field('generationId', 'int32', '0+'),
    field('memberId', 'string', '0+'),
    field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
    field('protocolType', 'string', '5+', { nullable: '5+', default: null }),
    field('protocolName', 'string', '5+', { nullable: '5+', default: null }),
    field('assignments', '[]struct', '0+', {
      // SyncGroupRequestAssignment
      fields: [
        field('memberId', 'string', '0+'),
        field('assignment', 'bytes', '0+'),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
    field('protocolType', 'string', '5+', { nullable: '5+', default: null }),
    field('protocolName', 'string', '5+', { nullable: '5+', default: null }),
    field('assignment', 'bytes', '0+'),
  ],
});
