/**
 * The shape of a benchmark figure, as bench/run.js prints and records it.
 * A bench module's `run()` returns `{ [figureName]: Figure | number }`:
 *
 *   { value, unit, reference?: { name, value }, target?: { ratioMin } | { min } | { max }, note? }
 *
 * `ratioMin` is checked against value / reference.value; `min` and `max`
 * against the value itself (`max` is exclusive: "under 200 ms").
 */
import { readFileSync } from 'node:fs';

export function figure(value, unit, { reference, target, note } = {}) {
  return { value, unit, ...(reference && { reference }), ...(target && { target }), ...(note && { note }) };
}

export function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function secondsSince(startedNs) {
  return Number(process.hrtime.bigint() - startedNs) / 1e9;
}

/** Sizes from the environment, so a quick run and a long one use the same code. */
export function envNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${raw}`);
  return n;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * CPU used by this process and by `pid` (the broker) between start() and
 * text(): tells whether a figure was bound by the client, the broker or
 * neither. Both as a share of one core over the wall time.
 */
export function cpuMeter(pid) {
  const startedNs = process.hrtime.bigint();
  const self = process.cpuUsage();
  const other = processCpuSeconds(pid);
  return {
    text() {
      const wall = secondsSince(startedNs);
      const used = process.cpuUsage(self);
      const client = (used.user + used.system) / 1e6 / wall;
      const now = processCpuSeconds(pid);
      const broker = other === null || now === null ? null : (now - other) / wall;
      return `cpu: client ${Math.round(client * 100)}%` + (broker === null ? '' : `, broker ${Math.round(broker * 100)}%`) + ' of a core';
    },
  };
}
