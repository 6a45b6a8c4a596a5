import { field, message } from '../schema.js';

/** Metadata (API key 3): versions 0-12, flexible from v9. */
export default message({
  apiKey: 3,
  name: 'Metadata',
  valid: '0-12',
  flexible: '9+',
  request: [
    field('topics', '[]struct', '0+', {
      // MetadataRequestTopic
      nullable: '1+',
      fields: [
        field('topicId', 'uuid', '10+'),
        field('name', 'string', '0+', { nullable: '10+' }),
      ],
    }),
    field('allowAutoTopicCreation', 'bool', '4+', { default: true }),
    field('includeClusterAuthorizedOperations', 'bool', '8-10'),
    field('includeTopicAuthorizedOperations', 'bool', '8+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '3+'),
    field('brokers', '[]struct', '0+', {
      // MetadataResponseBroker
      fields: [
        field('nodeId', 'int32', '0+'),
        field('host', 'string', '0+'),
        field('port', 'int32', '0+'),
        field('rack', 'string', '1+', { nullable: '1+', default: null }),
      ],
    }),
    field('clusterId', 'string', '2+', { nullable: '2+', default: null }),
    field('controllerId', 'int32', '1+', { default: -1 }),
    field('topics', '[]struct', '0+', {
      // MetadataResponseTopic
      fields: [
        field('errorCode', 'int16', '0+'),
        field('name', 'string', '0+', { nullable: '12+' }),
        field('topicId', 'uuid', '10+'),
        field('isInternal', 'bool', '1+', { default: false }),
        field('partitions', '[]struct', '0+', {
          // MetadataResponsePartition
          fields: [
            field('errorCode', 'int16', '0+'),
            field('partitionIndex', 'int32', '0+'),
            field('leaderId', 'int32', '0+'),
            field('leaderEpoch', 'int32', '7+', { default: -1 }),
            field('replicaNodes', '[]int32', '0+'),
            field('isrNodes', '[]int32', '0+'),
            field('offlineReplicas', '[]int32', '5+'),
          ],
        }),
        field('topicAuthorizedOperations', 'int32', '8+', { default: -2147483648 }),
      ],
    }),
    field('clusterAuthorizedOperations', 'int32', '8-10', { default: -2147483648 }),
  ],
});
