/**
 * DescribeCluster (key 60), versions 0-1: this broker is the cluster and its
 * controller. Endpoint type 2 (controllers) gets the same single node.
 */
import type { ApiHandler } from './handler.js';

export const describeClusterHandler: ApiHandler = {
  apiKey: 60,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const { node, clusterId } = ctx.broker;
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      endpointType: request.endpointType ?? 1,
      clusterId,
      controllerId: node.nodeId,
      brokers: [{ brokerId: node.nodeId, host: node.host, port: node.port, rack: null }],
      clusterAuthorizedOperations: -2147483648,
    };
  },
};
