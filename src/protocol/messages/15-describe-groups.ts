import { field, message } from '../schema.js';

/** DescribeGroups (API key 15): versions 0-5, flexible from v5. */
export default message({
  apiKey: 15,
  name: 'DescribeGroups',
  valid: '0-5',
  flexible: '5+',
  request: [
    field('groups', '[]string', '0+'),
    field('includeAuthorizedOperations', 'bool', '3+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('groups', '[]struct', '0+', {
      // DescribedGroup
      fields: [
        field('errorCode', 'int16', '0+'),
        field('groupId', 'string', '0+'),
        field('groupState', 'string', '0+'),
        field('protocolType', 'string', '0+'),
        field('protocolData', 'string', '0+'),
        field('members', '[]struct', '0+', {
          // DescribedGroupMember
          fields: [
            field('memberId', 'string', '0+'),
            field('groupInstanceId', 'string', '4+', { nullable: '4+', default: null }),
            field('clientId', 'string', '0+'),
            field('clientHost', 'string', '0+'),
            field('memberMetadata', 'bytes', '0+'),
            field('memberAssignment', 'bytes', '0+'),
          ],
        }),
        field('authorizedOperations', 'int32', '3+', { default: -2147483648 }),
      ],
    }),
  ],
});
