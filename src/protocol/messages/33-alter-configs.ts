import { field, message } from '../schema.js';

/** AlterConfigs (API key 33): versions 0-2, flexible from v2. */
export default message({
  apiKey: 33,
  name: 'AlterConfigs',
  valid: '0-2',
  flexible: '2+',
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
