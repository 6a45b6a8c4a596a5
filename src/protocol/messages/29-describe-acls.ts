import { field, message } from '../schema.js';

/** DescribeAcls (API key 29): versions 0-3, flexible from v2. */
export default message({
  apiKey: 29,
  name: 'DescribeAcls',
  valid: '0-3',
  flexible: '2+',
  request: [
    field('resourceTypeFilter', 'int8', '0+'),
    field('resourceNameFilter', 'string', '0+', { nullable: '0+' }),
    field('patternTypeFilter', 'int8', '1+', { default: 3 }),
    field('principalFilter', 'string', '0+', { nullable: '0+' }),
    field('hostFilter', 'string', '0+', { nullable: '0+' }),
    field('operation', 'int8', '0+'),
    field('permissionType', 'int8', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+' }),
    field('resources', '[]struct', '0+', {
      // DescribeAclsResource
      fields: [
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field('patternType', 'int8', '1+', { default: 3 }),
        field('acls', '[]struct', '0+', {
          // AclDescription
          fields: [
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
