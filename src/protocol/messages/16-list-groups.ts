import { field, message } from '../schema.js';

/** ListGroups (API key 16): versions 0-5, flexible from v3. */
export default message({
  apiKey: 16,
  name: 'ListGroups',
  valid: '0-5',
  flexible: '3+',
  request: [
    field('statesFilter', '[]string', '4+'),
    field('typesFilter', '[]string', '5+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('errorCode', 'int16', '0+'),
    field('groups', '[]struct', '0+', {
      // ListedGroup
      fields: [
        field('groupId', 'string', '0+'),
        field('protocolType', 'string', '0+'),
        field('groupState', 'string', '4+'),
        field('groupType', 'string', '5+'),
      ],
    }),
  ],
});
