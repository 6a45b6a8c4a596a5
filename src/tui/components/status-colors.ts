import type { GroupStatus } from '../state/index.js';

export const STATUS_COLOR: Readonly<Record<GroupStatus, string>> = {
  OK: 'green',
  WARN: 'yellow',
  REWIND: 'magenta',
  STALL: 'red',
  STOP: 'red',
};
