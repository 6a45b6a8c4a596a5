import { field, message } from '../schema.js';

/** DescribeConfigs (API key 32): versions 0-4, flexible from v4. */
export default message({
  apiKey: 32,
  name: 'DescribeConfigs',
  valid: '0-4',
  flexible: '4+',
  request: [
    field('resources', '[]struct', '0+', {
      // DescribeConfigsResource
      fields: [
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field('configurationKeys', '[]string', '0+', { nullable: '0+' }),
      ],
    }),
    field('includeSynonyms', 'bool', '1+', { default: false }),
    field('includeDocumentation', 'bool', '3+', { default: false }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('results', '[]struct', '0+', {
      // DescribeConfigsResult
      fields: [
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+' }),
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field('configs', '[]struct', '0+', {
          // DescribeConfigsResourceResult
          fields: [
            field('name', 'string', '0+'),
            field('value', 'string', '0+', { nullable: '0+' }),
            field('readOnly', 'bool', '0+'),
            field('isDefault', 'bool', '0'),
            field('configSource', 'int8', '1+', { default: -1 }),
            field('isSensitive', 'bool', '0+'),
            field('synonyms', '[]struct', '1+', {
              // DescribeConfigsSynonym
              fields: [
                field('name', 'string', '1+'),
                field('value', 'string', '1+', { nullable: '0+' }),
                field('source', 'int8', '1+'),
              ],
            }),
            field('configType', 'int8', '3+', { default: 0 }),
            field('documentation', 'string', '3+', { nullable: '0+' }),
          ],
        }),
      ],
    }),
  ],
});
