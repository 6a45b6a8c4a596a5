import { field, message } from '../schema.js';

/** CreateAcls (API key 30): versions 0-3, flexible from v2. */
export default message({
  apiKey: 30,
  name: 'CreateAcls',
  valid: '0-3',
  flexible: '2+',
  request: [
    field('creations', '[]struct', '0+', {
      // AclCreation
      fields: [
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field('resourcePatternType', 'int8', '1+', { default: 3 }),
        field('principal', 'string', '0+'),
        field('host', 'string', '0+'),
        field('operation', 'int8', '0+'),
        field('permissionType', 'int8', '0+'),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('results', '[]struct', '0+', {
      // AclCreationResult
      fields: [
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+' }),
      ],
    }),
  ],
});
