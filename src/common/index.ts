export * from './clock.js';
export * from './errors.js';
export * from './v8-settings.js';
