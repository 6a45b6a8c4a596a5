import { field, message } from '../schema.js';

/** DeleteAcls (API key 31): versions 0-3, flexible from v2. */
export default message({
  apiKey: 31,
  name: 'DeleteAcls',
  valid: '0-3',
  flexible: '2+',
  request: [
    field('filters', '[]struct', '0+', {
      // DeleteAclsFilter
      fields: [
        field('resourceTypeFilter', 'int8', '0+'),
        field('resourceNameFilter', 'string', '0+', { nullable: '0+' }),
        field('patternTypeFilter', 'int8', '1+', { default: 3 }),
        field('principalFilter', 'string', '0+', { nullable: '0+' }),
        field('hostFilter', 'string', '0+', { nullable: '0+' }),
        field('operation', 'int8', '0+'),
        field('permissionType', 'int8', '0+'),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('filterResults', '[]struct', '0+', {
      // DeleteAclsFilterResult
      fields: [
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+' }),
        field('matchingAcls', '[]struct', '0+', {
          // DeleteAclsMatchingAcl
          fields: [
            field('errorCode', 'int16', '0+'),
            field('errorMessage', 'string', '0+', { nullable: '0+' }),
            field('resourceType', 'int8', '0+'),
            field('resourceName', 'string', '0+'),
            field('patternType', 'int8', '1+', { default: 3 }),
            field('principal', 'string', '0+'),
            field('host', 'string', '0+'),
            field('operation', 'int8', '0+'),
            field('permissionType', 'int8', '0+'),
          ],
        }),
      ],
    }),
  ],
});
