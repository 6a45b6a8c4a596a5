/**
 * The shape of a benchmark figure, as bench/run.js prints and records it.
 * A bench module's `run()` returns `{ [figureName]: Figure | number }`:
 *
 *   { value, unit, reference?: { name, value }, target?: { ratioMin } | { min } | { max }, note? }
 *
 * `ratioMin` is checked against value / reference.value; `min` and `max`
 * against the value itself (`max` is exclusive: "under 200 ms").
 */
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
