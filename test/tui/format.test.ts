import { describe, expect, it } from 'vitest';
import { fit, formatBytes, formatCount, formatDuration, sparkline } from '../../src/tui/index.js';

describe('figures on screen', () => {
  it('shortens counts', () => {
    expect([0, 2.5, 12, 999, 1500, 12_345, 2_500_000, null].map(formatCount)).toEqual(['0', '2.5', '12', '999', '1.5k', '12k', '2.5M', '–']);
  });

  it('writes bytes in binary units', () => {
    expect([0, 512, 1536, 10 * 1024 * 1024, null].map(formatBytes)).toEqual(['0 B', '512 B', '1.5 KiB', '10 MiB', '–']);
  });

  it('writes durations briefly, and never as ∞', () => {
    expect([0, 45, 200, 7500, 200_000, null].map(formatDuration)).toEqual(['0s', '45s', '3m20s', '2h05m', '2d7h', '∞']);
  });

  it('draws a sparkline scaled to the largest value, newest on the right', () => {
    expect(sparkline([0, 4, 8], 3)).toBe('▁▄█');
    expect(sparkline([1, 1], 4)).toBe('  ██');
    expect(sparkline([1, 1], 2, 'range')).toBe('▁▁');
    expect(sparkline([900, 1000, 1100], 3, 'range')).toBe('▁▄█');
    expect(sparkline([0, 0, 0], 3)).toBe('▁▁▁');
  });

  it('folds a long history into the width', () => {
    const line = sparkline([...Array(300).fill(0), ...Array(300).fill(10)], 10);
    expect(line).toBe('▁▁▁▁▁█████');
  });

  it('fits text to a width', () => {
    expect(fit('orders', 4)).toBe('ord…');
    expect(fit('7', 3, 'right')).toBe('  7');
  });
});
