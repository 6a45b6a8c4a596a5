import { field, message } from '../schema.js';

/** DeleteTopics (API key 20): versions 0-6, flexible from v4. */
export default message({
  apiKey: 20,
  name: 'DeleteTopics',
  valid: '0-6',
  flexible: '4+',
  request: [
    field('topics', '[]struct', '6+', {
      // DeleteTopicState
      fields: [
        field('name', 'string', '6+', { nullable: '6+', default: null }),
        field('topicId', 'uuid', '6+'),
      ],
    }),
    field('topicNames', '[]string', '0-5'),
    field('timeoutMs', 'int32', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '1+'),
    field('responses', '[]struct', '0+', {
      // DeletableTopicResult
      fields: [
        field('name', 'string', '0+', { nullable: '6+' }),
        field('topicId', 'uuid', '6+'),
        field('errorCode', 'int16', '0+'),
        field('errorMessage', 'string', '5+', { nullable: '5+', default: null }),
      ],
    }),
  ],
});
