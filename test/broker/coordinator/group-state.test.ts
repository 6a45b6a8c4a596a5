import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, GROUP_STATES, type GroupState } from '../../../src/broker/coordinator/index.js';

const allowed: [GroupState, GroupState][] = [
  ['Empty', 'PreparingRebalance'],
  ['PreparingRebalance', 'CompletingRebalance'],
  ['PreparingRebalance', 'Empty'],
  ['CompletingRebalance', 'Stable'],
  ['CompletingRebalance', 'PreparingRebalance'],
  ['Stable', 'PreparingRebalance'],
  ...GROUP_STATES.map((s): [GroupState, GroupState] => [s, 'Dead']),
];

describe('group state table', () => {
  for (const from of GROUP_STATES) {
    for (const to of GROUP_STATES) {
      const ok = allowed.some(([a, b]) => a === from && b === to);
      it(`${from} -> ${to} is ${ok ? 'allowed' : 'refused'}`, () => {
        expect(canTransition(from, to)).toBe(ok);
        if (ok) expect(() => assertTransition(from, to)).not.toThrow();
        else expect(() => assertTransition(from, to)).toThrow(/invariant violated/);
      });
    }
  }
});
