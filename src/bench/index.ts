/** The raw benchmark engine: drives a broker through kgo's own codec, apart from client/. */
export * from './raw-client.js';
export * from './raw-produce.js';
export * from './raw-routes.js';
export * from './raw-consume.js';
