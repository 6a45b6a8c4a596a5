import { field, message } from '../schema.js';

/** LeaveGroup (API key 13): versions 0-5, flexible from v4. */
export default message({
  apiKey: 13,
  name: 'LeaveGroup',
  valid: '0-5',
  flexible: '4+',
  request: [
    field('groupId', 'string', '0+'),
    field('memberId', 'string', '0-2'),
    field('members', '[]struct', '3+', {
      // MemberIdentity
      fields: [
        field('memberId', 'string', '3+'),
        field('groupInstanceId', 'string', '3+', { nullable: '3+', default: null }),
        field('reason', 'string', '5+', { nullable: '5+', default: null }),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
    field('members', '[]struct', '3+', {
      // MemberResponse
      fields: [
        field('memberId', 'string', '3+'),
        field('groupInstanceId', 'string', '3+', { nullable: '3+' }),
        field('errorCode', 'int16', '3+'),
      ],
    }),
  ],
});
