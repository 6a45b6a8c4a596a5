/**
 * kgo's message schemas, one file per API key. Each NN-name.ts is written from
 * Kafka's JSON definitions by scripts/gen-messages.mjs and checked against them
 * by test/protocol/conformance.test.ts; edit by re-running the script.
 */
import type { MessageDef } from '../schema.js';
import produceMessage from './00-produce.js';
import fetchMessage from './01-fetch.js';
import listOffsetsMessage from './02-list-offsets.js';
import metadataMessage from './03-metadata.js';
import offsetCommitMessage from './08-offset-commit.js';
import offsetFetchMessage from './09-offset-fetch.js';
import findCoordinatorMessage from './10-find-coordinator.js';
import joinGroupMessage from './11-join-group.js';
import heartbeatMessage from './12-heartbeat.js';
import leaveGroupMessage from './13-leave-group.js';
import syncGroupMessage from './14-sync-group.js';
import describeGroupsMessage from './15-describe-groups.js';
import listGroupsMessage from './16-list-groups.js';
import saslHandshakeMessage from './17-sasl-handshake.js';
import apiVersionsMessage from './18-api-versions.js';
import createTopicsMessage from './19-create-topics.js';
import deleteTopicsMessage from './20-delete-topics.js';
import deleteRecordsMessage from './21-delete-records.js';
import initProducerIdMessage from './22-init-producer-id.js';
import offsetForLeaderEpochMessage from './23-offset-for-leader-epoch.js';
import addPartitionsToTxnMessage from './24-add-partitions-to-txn.js';
import addOffsetsToTxnMessage from './25-add-offsets-to-txn.js';
import endTxnMessage from './26-end-txn.js';
import writeTxnMarkersMessage from './27-write-txn-markers.js';
import txnOffsetCommitMessage from './28-txn-offset-commit.js';
import describeAclsMessage from './29-describe-acls.js';
import createAclsMessage from './30-create-acls.js';
import deleteAclsMessage from './31-delete-acls.js';
import describeConfigsMessage from './32-describe-configs.js';
import alterConfigsMessage from './33-alter-configs.js';
import describeLogDirsMessage from './35-describe-log-dirs.js';
import saslAuthenticateMessage from './36-sasl-authenticate.js';
import createPartitionsMessage from './37-create-partitions.js';
import deleteGroupsMessage from './42-delete-groups.js';
import incrementalAlterConfigsMessage from './44-incremental-alter-configs.js';
import alterPartitionReassignmentsMessage from './45-alter-partition-reassignments.js';
import listPartitionReassignmentsMessage from './46-list-partition-reassignments.js';
import offsetDeleteMessage from './47-offset-delete.js';
import describeClusterMessage from './60-describe-cluster.js';
import describeProducersMessage from './61-describe-producers.js';
import describeTransactionsMessage from './65-describe-transactions.js';
import listTransactionsMessage from './66-list-transactions.js';

export * from './headers.js';
export * from './consumer-protocol.js';
export type { FieldSetVersions } from './field-set.js';

export {
  produceMessage,
  fetchMessage,
  listOffsetsMessage,
  metadataMessage,
  offsetCommitMessage,
  offsetFetchMessage,
  findCoordinatorMessage,
  joinGroupMessage,
  heartbeatMessage,
  leaveGroupMessage,
  syncGroupMessage,
  describeGroupsMessage,
  listGroupsMessage,
  saslHandshakeMessage,
  apiVersionsMessage,
  createTopicsMessage,
  deleteTopicsMessage,
  deleteRecordsMessage,
  initProducerIdMessage,
  offsetForLeaderEpochMessage,
  addPartitionsToTxnMessage,
  addOffsetsToTxnMessage,
  endTxnMessage,
  writeTxnMarkersMessage,
  txnOffsetCommitMessage,
  describeAclsMessage,
  createAclsMessage,
  deleteAclsMessage,
  describeConfigsMessage,
  alterConfigsMessage,
  describeLogDirsMessage,
  saslAuthenticateMessage,
  createPartitionsMessage,
  deleteGroupsMessage,
  incrementalAlterConfigsMessage,
  alterPartitionReassignmentsMessage,
  listPartitionReassignmentsMessage,
  offsetDeleteMessage,
  describeClusterMessage,
  describeProducersMessage,
  describeTransactionsMessage,
  listTransactionsMessage,
};

/** Every API kgo describes, by API key. */
export const messages: ReadonlyMap<number, MessageDef> = new Map(
  [
    produceMessage,
    fetchMessage,
    listOffsetsMessage,
    metadataMessage,
    offsetCommitMessage,
    offsetFetchMessage,
    findCoordinatorMessage,
    joinGroupMessage,
    heartbeatMessage,
    leaveGroupMessage,
    syncGroupMessage,
    describeGroupsMessage,
    listGroupsMessage,
    saslHandshakeMessage,
    apiVersionsMessage,
    createTopicsMessage,
    deleteTopicsMessage,
    deleteRecordsMessage,
    initProducerIdMessage,
    offsetForLeaderEpochMessage,
    addPartitionsToTxnMessage,
    addOffsetsToTxnMessage,
    endTxnMessage,
    writeTxnMarkersMessage,
    txnOffsetCommitMessage,
    describeAclsMessage,
    createAclsMessage,
    deleteAclsMessage,
    describeConfigsMessage,
    alterConfigsMessage,
    describeLogDirsMessage,
    saslAuthenticateMessage,
    createPartitionsMessage,
    deleteGroupsMessage,
    incrementalAlterConfigsMessage,
    alterPartitionReassignmentsMessage,
    listPartitionReassignmentsMessage,
    offsetDeleteMessage,
    describeClusterMessage,
    describeProducersMessage,
    describeTransactionsMessage,
    listTransactionsMessage,
  ].map((def) => [def.apiKey, def]),
);

const byName: ReadonlyMap<string, MessageDef> = new Map([...messages.values()].map((def) => [def.name, def]));

/** Looks an API up by Kafka's name, e.g. "Produce". */
export function messageByName(name: string): MessageDef | undefined {
  return byName.get(name);
}
