export * from './use-terminal-size.js';
export * from './use-cluster-state.js';
export * from './use-top-keys.js';
