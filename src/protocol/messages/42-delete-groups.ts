import { field, message } from '../schema.js';

/** DeleteGroups (API key 42): versions 0-2, flexible from v2. */
export default message({
  apiKey: 42,
  name: 'DeleteGroups',
  valid: '0-2',
  flexible: '2+',
  request: [
    field('groupsNames', '[]string', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('results', '[]struct', '0+', {
      // DeletableGroupResult
      fields: [
        field('groupId', 'string', '0+'),
        field('errorCode', 'int16', '0+'),
      ],
    }),
  ],
});
