/**
 * Turns what a bench module's run() returns into rows (figure, value,
 * reference, ratio, target, met) and prints them as a table. Modules may
 * return Figures (harness/figures.js) or plain numbers; nested plain objects
 * become dotted names, so any module's figures are recorded and shown.
 */

function isFigure(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'value' in v;
}

function flatten(obj, prefix, out) {
  for (const [key, v] of Object.entries(obj ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !isFigure(v)) flatten(v, name, out);
    else out.push([name, isFigure(v) ? v : { value: v }]);
  }
  return out;
}

/**
 * A list of named rows ({ name, figures: [{ name, ...numbers, target?, met? }] })
 * as some modules return it: the first number is the value, named by its key;
 * the other numbers go to the note; a target given as text and the module's
 * own `met` are kept as they are.
 */
function fromRowList(rows) {
  return rows.map((row) => {
    if (isFigure(row)) return [row.name, row];
    const numbers = Object.entries(row).filter(([, v]) => typeof v === 'number');
    const [unit, value] = numbers[0] ?? [null, null];
    const others = numbers.slice(1).map(([k, v]) => `${k} ${v}`);
    return [row.name, { value, unit, target: row.target ?? undefined, met: row.met, note: others.join(', ') || undefined }];
  });
}

function evaluate(f) {
  const ref = f.reference?.value;
  const ratio = typeof f.value === 'number' && typeof ref === 'number' && ref > 0 ? f.value / ref : null;
  const t = f.target;
  if (typeof t === 'string') return { ratio, met: typeof f.met === 'boolean' ? f.met : null };
  if (!t || typeof f.value !== 'number') return { ratio, met: null };
  if (t.ratioMin !== undefined) return { ratio, met: ratio === null ? null : ratio >= t.ratioMin };
  if (t.min !== undefined) return { ratio, met: f.value >= t.min };
  if (t.max !== undefined) return { ratio, met: f.value < t.max };
  return { ratio, met: null };
}

export function normalizeFigures(returned) {
  const named = Array.isArray(returned?.figures) ? fromRowList(returned.figures) : flatten(returned, '', []);
  return named.map(([name, f]) => {
    const { ratio, met } = evaluate(f);
    return {
      name,
      value: f.value,
      unit: f.unit ?? null,
      reference: f.reference ?? null,
      ratio,
      target: f.target ?? null,
      met,
      note: f.note ?? null,
    };
  });
}

function formatNumber(v) {
  if (typeof v !== 'number') return v === null || v === undefined ? '-' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const abs = Math.abs(v);
  const digits = abs >= 100 || Number.isInteger(v) ? 0 : abs >= 10 ? 1 : 2;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function targetText(row) {
  const t = row.target;
  if (!t) return '-';
  if (typeof t === 'string') return t;
  const unit = row.unit ? ` ${row.unit}` : '';
  if (t.ratioMin !== undefined) return `>= ${Math.round(t.ratioMin * 100)}% of ref`;
  if (t.min !== undefined) return `>= ${formatNumber(t.min)}${unit}`;
  if (t.max !== undefined) return `< ${formatNumber(t.max)}${unit}`;
  return JSON.stringify(t);
}

export function formatTable(rows) {
  const header = ['figure', 'value', 'reference', 'ratio', 'target', 'met?'];
  const lines = rows.map((r) => [
    r.name,
    `${formatNumber(r.value)}${r.unit ? ` ${r.unit}` : ''}`,
    r.reference ? `${formatNumber(r.reference.value)} (${r.reference.name})` : '-',
    r.ratio === null ? '-' : `${Math.round(r.ratio * 100)}%`,
    targetText(r),
    r.met === null ? '-' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [fmt(header), fmt(widths.map((w) => '-'.repeat(w)))];
  rows.forEach((r, i) => {
    out.push(fmt(lines[i]));
    if (r.note) out.push(`      ${r.note}`);
  });
  return out.join('\n');
}
