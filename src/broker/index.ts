export { startBroker, type BrokerOptions, type RunningBroker } from './broker.js';
export { runServeProcess, type ServeProcessOptions } from './serve-process.js';
export { brokerSettingDefs, parseProperties, parseSettingPairs, resolveBrokerSettings, type BrokerSettings } from './config.js';
