import { field, message } from '../schema.js';

/** CreateTopics (API key 19): versions 0-7, flexible from v5. */
export default message({
  apiKey: 19,
  name: 'CreateTopics',
  valid: '0-7',
  flexible: '5+',
  request: [
    field('topics', '[]struct', '0+', {
      // CreatableTopic
      fields: [
        field('name', 'string', '0+'),
        field('numPartitions', 'int32', '0+'),
        field('replicationFactor', 'int16', '0+'),
        field('assignments', '[]struct', '0+', {
          // CreatableReplicaAssignment
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('brokerIds', '[]int32', '0+'),
          ],
        }),
        field('configs', '[]struct', '0+', {
          // CreatableTopicConfig
          fields: [
            field('name', 'string', '0+'),
            field('value', 'string', '0+', { nullable: '0+' }),
          ],
        }),
      ],
    }),
    field('timeoutMs', 'int32', '0+', { default: 60000 }),
    field('validateOnly', 'bool', '1+', { default: false }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '2+'),
    field('topics', '[]struct', '0+', {
      // CreatableTopicResult
      fields: [
        field('name', 'string', '0+'),
        field('topicId', 'uuid', '7+'),
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '1+', { nullable: '0+' }),
        field('topicConfigErrorCode', 'int16', '5+', { tag: 0, tagged: '5+' }),
        field('numPartitions', 'int32', '5+', { default: -1 }),
        field('replicationFactor', 'int16', '5+', { default: -1 }),
        field('configs', '[]struct', '5+', {
          // CreatableTopicConfigs
          nullable: '5+',
          fields: [
            field('name', 'string', '5+'),
            field('value', 'string', '5+', { nullable: '5+' }),
            field('readOnly', 'bool', '5+'),
            field('configSource', 'int8', '5+', { default: -1 }),
            field('isSensitive', 'bool', '5+'),
          ],
        }),
      ],
    }),
  ],
});
