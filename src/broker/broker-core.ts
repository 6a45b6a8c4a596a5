/**
 * What a handler may reach of the running broker. The event loop owns all of
 * it; handlers read and mutate it directly.
 */
import type { Clock } from '../common/index.js';
import type { GroupCoordinator } from './coordinator/index.js';
import type { BrokerSettings } from './config.js';
import type { Topics } from './metadata/topics.js';

export interface NodeAddress {
  nodeId: number;
  /** The host clients are told to connect to (advertised). */
  host: string;
  port: number;
}

export interface TopicView {
  /** Partition count of an existing topic, undefined when it does not exist. */
  partitionCount(topic: string): number | undefined;
}

export interface BrokerCore {
  readonly node: NodeAddress;
  readonly clusterId: string;
  readonly clock: Clock;
  readonly settings: BrokerSettings;
  /** The topic catalogue and partition logs; `partitionCount` is the TopicView. */
  readonly topics: Topics;
  readonly groups: GroupCoordinator;
  /** One log line, for operators (stderr of `kgo serve`). */
  log(message: string): void;
}
