import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareResults, parseBenchDurationMs, readBenchResultFile, readE2eStamp, renderComparison, type BenchResult } from '../../src/client/bench.js';

const latencyMs = { avg: 2, max: 10, p50: 1, p95: 4, p99: 8, p999: 10 };
const current: BenchResult = { kind: 'produce', engine: 'raw', topic: 't', records: 1_000, bytes: 100_000, elapsedMs: 500, recordsPerSec: 2_000, mbPerSec: 0.5, latencyMs };
const previous = { ...current, engine: 'kafkajs', elapsedMs: 1_000, recordsPerSec: 1_000, mbPerSec: 0.25, latencyMs: { ...latencyMs, avg: 4, p99: 0 } };

describe('compare', () => {
  it('gives this/previous per figure, and none where previous is 0', () => {
    const c = compareResults('before.json', previous, current);
    const row = (figure: string) => c.rows.find((r) => r.figure === figure)!;
    expect(row('recordsPerSec')).toEqual({ figure: 'recordsPerSec', previous: 1_000, current: 2_000, ratio: 2 });
    expect(row('latencyMs.avg').ratio).toBe(0.5);
    expect(row('records').ratio).toBe(1);
    expect(row('latencyMs.p99').ratio).toBeNull();
    expect(c.previousKind).toBe('produce');
  });

  it('renders an aligned table', () => {
    const text = renderComparison(compareResults('before.json', previous, current));
    const lines = text.split('\n');
    expect(lines[0]).toBe('compared with before.json');
    expect(lines[1]).toMatch(/^figure\s+previous\s+this run\s+ratio$/);
    expect(lines).toContain('recordsPerSec       1000      2000  2.000x');
    expect(lines.find((l) => l.startsWith('latencyMs.p99'))).toMatch(/-$/);
    expect(new Set(lines.slice(1).map((l) => l.length)).size).toBe(1);
  });

  it('reads a saved result, and refuses anything else with a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kgo-bench-compare-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(current));
    expect(await readBenchResultFile(good)).toEqual(current);
    const cases: [string, string | null][] = [['missing.json', null], ['bad.json', '{nope'], ['other.json', '{"records": 3}']];
    for (const [name, content] of cases) {
      if (content !== null) writeFileSync(join(dir, name), content);
      await expect(readBenchResultFile(join(dir, name))).rejects.toMatchObject({ exitCode: 2 });
    }
  });
});

describe('e2e helpers', () => {
  it('parses durations', () => {
    expect(parseBenchDurationMs('2s')).toBe(2_000);
    expect(parseBenchDurationMs('500ms')).toBe(500);
    expect(parseBenchDurationMs('1.5m')).toBe(90_000);
    expect(parseBenchDurationMs('3')).toBe(3_000);
    for (const bad of ['', '0', '-1s', 'xs', '2h']) expect(() => parseBenchDurationMs(bad)).toThrow(/duration/);
  });

  it('reads the send time only from this run\'s records', () => {
    const runId = Buffer.from('abcdefgh');
    const value = Buffer.alloc(100);
    runId.copy(value);
    value.writeDoubleBE(1234.5, 8);
    expect(readE2eStamp(value, runId)).toBe(1234.5);
    expect(readE2eStamp(value, Buffer.from('abcdefgX'))).toBeNull();
    expect(readE2eStamp(Buffer.alloc(10), runId)).toBeNull();
    expect(readE2eStamp(null, runId)).toBeNull();
  });
});
