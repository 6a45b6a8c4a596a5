export * from './base-command.js';
export * from './flags.js';
