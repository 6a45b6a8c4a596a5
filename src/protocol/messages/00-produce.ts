import { field, message } from '../schema.js';

/** Produce (API key 0): versions 0-11, flexible from v9. */
export default message({
  apiKey: 0,
  name: 'Produce',
  valid: '0-11',
  flexible: '9+',
  request: [
    field('transactionalId', 'string', '3+', { nullable: '3+', default: null }),
    field('acks', 'int16', '0+'),
    field('timeoutMs', 'int32', '0+'),
    field('topicData', '[]struct', '0+', {
      // TopicProduceData
      fields: [
        field('name', 'string', '0+'),
        field('partitionData', '[]struct', '0+', {
          // PartitionProduceData
          fields: [
            field('index', 'int32', '0+'),
            field('records', 'records', '0+', { nullable: '0+' }),
          ],
        }),
      ],
    }),
  ],
  response: [
    field('responses', '[]struct', '0+', {
      // TopicProduceResponse
      fields: [
        field('name', 'string', '0+'),
        field('partitionResponses', '[]struct', '0+', {
          // PartitionProduceResponse
          fields: [
            field('index', 'int32', '0+'),
            field('errorCode', 'int16', '0+'),
            field('baseOffset', 'int64', '0+'),
            field('logAppendTimeMs', 'int64', '2+', { default: -1 }),
            field('logStartOffset', 'int64', '5+', { default: -1 }),
            field('recordErrors', '[]struct', '8+', {
              // BatchIndexAndErrorMessage
              fields: [
                field('batchIndex', 'int32', '8+'),
                field('batchIndexErrorMessage', 'string', '8+', { nullable: '8+', default: null }),
              ],
            }),
            field('errorMessage', 'string', '8+', { nullable: '8+', default: null }),
            field('currentLeader', 'struct', '10+', {
              // LeaderIdAndEpoch
              tag: 0,
              tagged: '10+',
              fields: [
                field('leaderId', 'int32', '10+', { default: -1 }),
                field('leaderEpoch', 'int32', '10+', { default: -1 }),
              ],
            }),
          ],
        }),
      ],
    }),
    field('throttleTimeMs', 'int32', '1+', { default: 0 }),
    field('nodeEndpoints', '[]struct', '10+', {
      // NodeEndpoint
      tag: 0,
      tagged: '10+',
      fields: [
        field('nodeId', 'int32', '10+'),
        field('host', 'string', '10+'),
        field('port', 'int32', '10+'),
        field('rack', 'string', '10+', { nullable: '10+', default: null }),
      ],
    }),
  ],
});
