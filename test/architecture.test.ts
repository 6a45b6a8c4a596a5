/**
 * Keeps the layers of DESIGN.md honest: imports point one way, client/ is an
 * independent implementation of the wire protocol (it never imports
 * protocol/, storage/ or broker/), protocol/ knows bytes only, and other
 * folders import a folder through its index.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(__dirname, '..', 'src');

/** Which top-level folders each folder may import from. */
const allowed: Record<string, string[]> = {
  common: [],
  protocol: ['common'],
  storage: ['common', 'protocol'],
  broker: ['common', 'protocol', 'storage'],
  client: ['common'],
  tui: ['common', 'client'],
  cli: ['common'],
  // The raw benchmark engine drives a broker with pre-built batches through kgo's own codec.
  bench: ['common', 'protocol'],
  commands: ['common', 'cli', 'client', 'tui', 'broker', 'bench'],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    out.push((m[1] ?? m[2])!);
  }
  return out;
}

const files = sourceFiles(src);

describe('layers', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports point one way between top-level folders', () => {
    const violations: string[] = [];
    for (const file of files) {
      const rel = path.relative(src, file);
      const layer = rel.split(path.sep)[0]!;
      if (!(layer in allowed)) continue;
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(src, path.resolve(path.dirname(file), spec));
        const targetLayer = target.split(path.sep)[0]!;
        if (targetLayer === layer || target.startsWith('..')) continue;
        if (!allowed[layer]!.includes(targetLayer)) violations.push(`${rel} imports ${spec} (${layer} -> ${targetLayer})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('protocol/ knows bytes only: no sockets, no files', () => {
    const violations = files
      .filter((f) => path.relative(src, f).startsWith(`protocol${path.sep}`))
      .flatMap((f) => importsOf(f).filter((s) => /^node:(net|fs|fs\/promises|dgram|tls|http)$/.test(s)).map((s) => `${path.relative(src, f)}: ${s}`));
    expect(violations).toEqual([]);
  });

  it('client/ uses kafkajs, not kgo\'s own protocol, storage or broker', () => {
    const violations = files
      .filter((f) => path.relative(src, f).startsWith(`client${path.sep}`))
      .flatMap((f) => importsOf(f).filter((s) => /(^|\/)(protocol|storage|broker)(\/|$)/.test(s)).map((s) => `${path.relative(src, f)}: ${s}`));
    expect(violations).toEqual([]);
  });

  it('other folders import a folder through its index', () => {
    const violations: string[] = [];
    for (const file of files) {
      const rel = path.relative(src, file);
      const layer = rel.split(path.sep)[0]!;
      if (layer === 'commands') continue; // commands import the one module they need lazily
      // kgo serve's start path takes the oclif-free modules of cli/, not its index (which loads oclif).
      if (rel === 'serve-entry.ts') continue;
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(src, path.resolve(path.dirname(file), spec));
        const targetLayer = target.split(path.sep)[0]!;
        if (targetLayer === layer || target.startsWith('..')) continue;
        if (!/^[a-z]+[\\/]index\.js$/.test(target)) violations.push(`${rel} imports ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
