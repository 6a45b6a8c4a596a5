import { field, message } from '../schema.js';

/** DescribeCluster (API key 60): versions 0-1, flexible from v0. */
export default message({
  apiKey: 60,
  name: 'DescribeCluster',
  valid: '0-1',
  flexible: '0+',
  request: [
    field('includeClusterAuthorizedOperations', 'bool', '0+'),
    field('endpointType', 'int8', '1+', { default: 1 }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '0+'),
    field('errorMessage', 'string', '0+', { nullable: '0+', default: null }),
    field('endpointType', 'int8', '1+', { default: 1 }),
    field('clusterId', 'string', '0+'),
    field('controllerId', 'int32', '0+', { default: -1 }),
    field('brokers', '[]struct', '0+', {
      // DescribeClusterBroker
      fields: [
        field('brokerId', 'int32', '0+'),
        field('host', 'string', '0+'),
        field('port', 'int32', '0+'),
        field('rack', 'string', '0+', { nullable: '0+', default: null }),
      ],
    }),
    field('clusterAuthorizedOperations', 'int32', '0+', { default: -2147483648 }),
  ],
});
