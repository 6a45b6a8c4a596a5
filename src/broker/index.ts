export { startBroker, type BrokerOptions, type RunningBroker } from './broker.js';
export { brokerSettingDefs, parseProperties, parseSettingPairs, resolveBrokerSettings, type BrokerSettings } from './config.js';
