import { field, message } from '../schema.js';

/** JoinGroup (API key 11): versions 0-9, flexible from v6. */
export default message({
  apiKey: 11,
  name: 'JoinGroup',
  valid: '0-9',
  flexible: '6+',
  request: [
    field('groupId', 'string', '0+'),
    field('sessionTimeoutMs', 'int32', '0+'),
    field('rebalanceTimeoutMs', 'int32', '1+', { default: -1 }),
    field('memberId', 'string', '0+'),
    field('groupInstanceId', 'string', '5+', { nullable: '5+', default: null }),
    field('protocolType', 'string', '0+'),
    field('protocols', '[]struct', '0+', {
      // JoinGroupRequestProtocol
      fields: [
        field('name', 'string', '0+'),
        field('metadata', 'bytes', '0+'),
      ],
    }),
    field('reason', 'string', '8+', { nullable: '8+', default: null }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '2+'),
    field('errorCode', 'int16', '0+'),
    field('generationId', 'int32', '0+', { default: -1 }),
    field('protocolType', 'string', '7+', { nullable: '7+', default: null }),
    field('protocolName', 'string', '0+', { nullable: '7+' }),
    field('leader', 'string', '0+'),
    field('skipAssignment', 'bool', '9+', { default: false }),
    field('memberId', 'string', '0+'),
    field('members', '[]struct', '0+', {
      // JoinGroupResponseMember
      fields: [
        field('memberId', 'string', '0+'),
        field('groupInstanceId', 'string', '5+', { nullable: '5+', default: null }),
        field('metadata', 'bytes', '0+'),
      ],
    }),
  ],
});
