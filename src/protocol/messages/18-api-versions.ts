import { field, message } from '../schema.js';

/** ApiVersions (API key 18): versions 0-4, flexible from v3. */
export default message({
  apiKey: 18,
  name: 'ApiVersions',
  valid: '0-4',
  flexible: '3+',
  request: [
    field('clientSoftwareName', 'string', '3+'),
    field('clientSoftwareVersion', 'string', '3+'),
  ],
  response: [
    field('errorCode', 'int16', '0+'),
    field('apiKeys', '[]struct', '0+', {
      // ApiVersion
      fields: [
        field('apiKey', 'int16', '0+'),
        field('minVersion', 'int16', '0+'),
        field('maxVersion', 'int16', '0+'),
      ],
    }),
    field('throttleTimeMs', 'int32', '1+'),
    field('supportedFeatures', '[]struct', '3+', {
      // SupportedFeatureKey
      tag: 0,
      tagged: '3+',
      fields: [
        field('name', 'string', '3+'),
        field('minVersion', 'int16', '3+'),
        field('maxVersion', 'int16', '3+'),
      ],
    }),
    field('finalizedFeaturesEpoch', 'int64', '3+', { tag: 1, tagged: '3+', default: -1 }),
    field('finalizedFeatures', '[]struct', '3+', {
      // FinalizedFeatureKey
      tag: 2,
      tagged: '3+',
      fields: [
        field('name', 'string', '3+'),
        field('maxVersionLevel', 'int16', '3+'),
        field('minVersionLevel', 'int16', '3+'),
      ],
    }),
    field('zkMigrationReady', 'bool', '3+', { tag: 3, tagged: '3+', default: false }),
  ],
});
