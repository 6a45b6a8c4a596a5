export * from './codecs.js';
export * from './connection.js';
export * from './profiles.js';
export * from './settings.js';
export * from './profile-store.js';
