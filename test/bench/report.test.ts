import { describe, expect, it } from 'vitest';

// bench/ is plain JavaScript; a computed specifier keeps tsc from typing it.
const { normalizeFigures, formatTable } = await import(new URL('../../bench/harness/report.js', import.meta.url).href);

describe('normalizeFigures', () => {
  it('judges ratio, minimum and maximum targets', () => {
    const rows = normalizeFigures({
      ingest: { value: 300, unit: 'MB/s', reference: { name: 'loopback', value: 1000 }, target: { ratioMin: 0.6 } },
      small: { value: 2e6, unit: 'records/s', target: { min: 1.5e6 } },
      start: { value: 200, unit: 'ms', target: { max: 200 } },
      plain: 42,
    });
    expect(rows.map((r: { name: string; ratio: number | null; met: boolean | null }) => [r.name, r.ratio, r.met])).toEqual([
      ['ingest', 0.3, false],
      ['small', null, true],
      ['start', null, false],
      ['plain', null, null],
    ]);
  });

  it('flattens nested objects and reads { name, figures: [...] } lists', () => {
    expect(normalizeFigures({ a: { b: 1 } })[0]).toMatchObject({ name: 'a.b', value: 1 });
    const [row] = normalizeFigures({ name: 'x', figures: [{ name: 'crc', mbPerSec: 900, gbPerSec: 0.94, target: '>= 2 GB/s', met: false }] });
    expect(row).toMatchObject({ name: 'crc', value: 900, unit: 'mbPerSec', met: false, note: 'gbPerSec 0.94' });
  });
});

describe('formatTable', () => {
  it('shows the ratio and a missed target', () => {
    const text = formatTable(normalizeFigures({ fetch: { value: 100, unit: 'MB/s', reference: { name: 'loopback', value: 400 }, target: { ratioMin: 0.6 } } }));
    expect(text).toMatch(/fetch\s+100 MB\/s\s+400 \(loopback\)\s+25%\s+>= 60% of ref\s+NO/);
  });
});
