export * from './ring-buffer.js';
export * from './limits.js';
export * from './group-status.js';
export * from './top-state.js';
export * from './ui-state.js';
export * from './keymap.js';
export * from './selectors.js';
export * from './snapshot.js';
