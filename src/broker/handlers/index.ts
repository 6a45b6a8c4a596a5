/**
 * Every API this broker serves, by key. ApiVersions advertises exactly these
 * handlers' ranges.
 */
import type { ApiHandler } from './handler.js';
import { apiVersionsHandler } from './api-versions.js';
import { metadataHandler } from './metadata.js';
import { produceHandler } from './produce.js';
import { fetchHandler } from './fetch.js';
import { listOffsetsHandler } from './list-offsets.js';
import { createTopicsHandler } from './create-topics.js';
import { deleteTopicsHandler } from './delete-topics.js';
import { createPartitionsHandler } from './create-partitions.js';
import { describeClusterHandler } from './describe-cluster.js';
import { describeLogDirsHandler } from './describe-log-dirs.js';
import { describeConfigsHandler } from './describe-configs.js';
import { deleteRecordsHandler } from './delete-records.js';
import { alterConfigsHandler, incrementalAlterConfigsHandler } from './alter-configs.js';
import findCoordinator from './find-coordinator.js';
import joinGroup from './join-group.js';
import syncGroup from './sync-group.js';
import heartbeat from './heartbeat.js';
import leaveGroup from './leave-group.js';
import offsetCommit from './offset-commit.js';
import offsetFetch from './offset-fetch.js';
import describeGroups from './describe-groups.js';
import listGroups from './list-groups.js';
import deleteGroups from './delete-groups.js';
import offsetDelete from './offset-delete.js';
import initProducerId from './init-producer-id.js';
import addPartitionsToTxn from './add-partitions-to-txn.js';
import addOffsetsToTxn from './add-offsets-to-txn.js';
import endTxn from './end-txn.js';
import txnOffsetCommit from './txn-offset-commit.js';
import describeProducers from './describe-producers.js';
import describeTransactions from './describe-transactions.js';
import listTransactions from './list-transactions.js';

export interface HandlerOptions {
  dataDir: string;
  /** Broker settings as given (for DescribeConfigs' sources). */
  givenSettings: Record<string, string>;
}

export function createHandlers(opts: HandlerOptions): ReadonlyMap<number, ApiHandler> {
  const handlers = new Map<number, ApiHandler>();
  const add = (h: ApiHandler) => {
    if (handlers.has(h.apiKey)) throw new Error(`two handlers for API key ${h.apiKey}`);
    handlers.set(h.apiKey, h);
  };
  add(apiVersionsHandler(() => handlers.values()));
  for (const h of [
    metadataHandler,
    produceHandler,
    fetchHandler,
    listOffsetsHandler,
    createTopicsHandler,
    deleteTopicsHandler,
    createPartitionsHandler,
    describeClusterHandler,
    deleteRecordsHandler,
    alterConfigsHandler,
    incrementalAlterConfigsHandler,
    describeLogDirsHandler(opts.dataDir),
    describeConfigsHandler(opts.givenSettings),
    findCoordinator,
    joinGroup,
    syncGroup,
    heartbeat,
    leaveGroup,
    offsetCommit,
    offsetFetch,
    describeGroups,
    listGroups,
    deleteGroups,
    offsetDelete,
    initProducerId,
    addPartitionsToTxn,
    addOffsetsToTxn,
    endTxn,
    txnOffsetCommit,
    describeProducers,
    describeTransactions,
    listTransactions,
  ]) {
    add(h);
  }
  return handlers;
}
