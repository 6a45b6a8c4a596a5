import { describe, expect, it } from 'vitest';
import { catchUpSeconds, partitionStatus, worstStatus, type OffsetPoint } from '../../src/tui/index.js';

/** A window one second apart from committed offsets and lags. */
function series(committed: number[], lag: number[]): OffsetPoint[] {
  return committed.map((c, i) => ({ atMs: i * 1000, committed: c, lag: lag[i]! }));
}

describe('group status rules', () => {
  it('is OK while lag touches zero in the window', () => {
    expect(partitionStatus(series([0, 5, 10, 15], [5, 0, 5, 5]), true)).toBe('OK');
  });

  it('is OK when offsets move and lag does not grow', () => {
    expect(partitionStatus(series([0, 10, 20, 30], [50, 40, 45, 40]), true)).toBe('OK');
  });

  it('is WARN when offsets move but lag keeps growing', () => {
    expect(partitionStatus(series([0, 10, 20, 30, 40], [10, 20, 30, 40, 50]), true)).toBe('WARN');
  });

  it('is not WARN when lag only ends higher after going up and down', () => {
    expect(partitionStatus(series([0, 10, 20, 30, 40], [10, 30, 12, 30, 11.5]), true)).toBe('OK');
  });

  it('is STALL when members are there but the committed offset does not move while lag stays', () => {
    expect(partitionStatus(series([7, 7, 7, 7], [3, 5, 8, 9]), true)).toBe('STALL');
  });

  it('is STOP when nobody commits and lag stays', () => {
    expect(partitionStatus(series([7, 7, 7], [3, 3, 3]), false)).toBe('STOP');
  });

  it('is REWIND when the committed offset goes backwards, even with zero lag', () => {
    expect(partitionStatus(series([100, 100, 20, 25], [0, 0, 80, 75]), true)).toBe('REWIND');
  });

  it('judges nothing from a single sample', () => {
    expect(partitionStatus(series([7], [100]), false)).toBe('OK');
  });

  it('takes the worst partition for the group', () => {
    expect(worstStatus(['OK', 'WARN', 'OK'])).toBe('WARN');
    expect(worstStatus(['WARN', 'STOP', 'REWIND', 'STALL'])).toBe('STOP');
    expect(worstStatus([])).toBe('OK');
  });

  it('estimates catch-up from the gain over producers', () => {
    expect(catchUpSeconds(0, null, null)).toBe(0);
    expect(catchUpSeconds(1000, 150, 50)).toBe(10);
    expect(catchUpSeconds(1000, 50, 50)).toBeNull();
    expect(catchUpSeconds(1000, null, 10)).toBeNull();
  });
});
