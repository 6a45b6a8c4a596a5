export * from './state/index.js';
export * from './sources/index.js';
export * from './format.js';
export * from './render.js';
export * from './once.js';
export * from './once-text.js';
