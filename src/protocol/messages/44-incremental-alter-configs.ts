import { field, message } from '../schema.js';

/** IncrementalAlterConfigs (API key 44): versions 0-1, flexible from v1. */
export default message({
  apiKey: 44,
  name: 'IncrementalAlterConfigs',
  valid: '0-1',
  flexible: '1+',
  request: [
    field('resources', '[]struct', '0+', {
      // AlterConfigsResource
      fields: [
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
        field('configs', '[]struct', '0+', {
          // AlterableConfig
          fields: [
            field('name', 'string', '0+'),
            field('configOperation', 'int8', '0+'),
            field('value', 'string', '0+', { nullable: '0+' }),
          ],
        }),
      ],
    }),
    field('validateOnly', 'bool', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('responses', '[]struct', '0+', {
      // AlterConfigsResourceResponse
      fields: [
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '0+', { nullable: '0+' }),
        field('resourceType', 'int8', '0+'),
        field('resourceName', 'string', '0+'),
      ],
    }),
  ],
});
