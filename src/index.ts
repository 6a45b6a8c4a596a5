/**
 * The embedding API: `import { startBroker } from 'kgo'` runs a broker in
 * this process, for application test suites.
 */
export { startBroker, type BrokerOptions, type RunningBroker } from './broker/index.js';
