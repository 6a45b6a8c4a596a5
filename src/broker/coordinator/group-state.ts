/**
 * The classic group protocol's state machine, as an explicit table. Every
 * change of state goes through `assertTransition`, so an impossible move
 * throws in tests instead of silently corrupting a group.
 *
 *   Empty ──join──▶ PreparingRebalance ──join phase done──▶ CompletingRebalance
 *     ▲                 │  ▲                                   │        │
 *     └──no members─────┘  └──member left/changed/timed out────┘        │ leader sync
 *                          └───────────────────────────── Stable ◀──────┘
 *   any state ──delete/expiry──▶ Dead
 */
import { assert } from '../../common/index.js';

/** State names exactly as Kafka reports them in DescribeGroups and ListGroups. */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export const GROUP_STATES: readonly GroupState[] = [
  'Empty',
  'PreparingRebalance',
  'CompletingRebalance',
  'Stable',
  'Dead',
];

/** For each target state, the states it may be entered from. */
const VALID_PREVIOUS: Record<GroupState, readonly GroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Empty', 'CompletingRebalance', 'Stable'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'],
};

export function canTransition(from: GroupState, to: GroupState): boolean {
  return VALID_PREVIOUS[to].includes(from);
}

export function assertTransition(from: GroupState, to: GroupState): void {
  assert(canTransition(from, to), `group state ${from} -> ${to} is not allowed`);
}

/** States from which a rebalance may be started. */
export function canRebalance(state: GroupState): boolean {
  return canTransition(state, 'PreparingRebalance');
}
