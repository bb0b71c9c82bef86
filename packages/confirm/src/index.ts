export * from './bytes.js';
export * from './channel.js';
export * from './approval.js';
export * from './ocra.js';
export * from './offline.js';
export * from './links.js';
export type * from './messages.js';
