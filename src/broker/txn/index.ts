export { PartitionProducerState, BATCHES_PER_PRODUCER_MAX, type AppendCheck, type AbortedTxn, type ProducerEntry, type ProducerStateData } from './producer-state.js';
export { ProducerStates, rebuildProducerState, replayBatch, type MarkerInput } from './producer-states.js';
export { ProducerIdManager, PRODUCER_ID_BLOCK_SIZE } from './producer-ids.js';
export { TransactionCoordinator, type TxnCoordinatorDeps, type ProducerIdAndEpoch } from './transaction-coordinator.js';
export { TransactionStateTopic, TRANSACTION_STATE_TOPIC, encodeTxnKey, decodeTxnKey, encodeTxnValue, decodeTxnValue, type TxnStore } from './txn-log.js';
export { DEFAULT_TXN_CONFIG, TXN_STATES, canTransition, partitionKey, type TxnConfig, type TxnMetadata, type TxnOffset, type TxnState, type TopicPartition } from './txn-types.js';
export { openTransactions, transactionsOf, type Transactions, type TransactionsOptions, type WithTransactions } from './transactions.js';
export { fencedForVersion } from './fenced.js';
export { ProducerSnapshots, type PartitionIdentity } from './producer-snapshots.js';
