/**
 * How `kgo tail` shows a record: one header line (time, topic/partition@offset,
 * key, headers) and the value; JSON values are pretty-printed. Colour only
 * when stdout supports it (chalk honours FORCE_COLOR; bin/run.js turns NO_COLOR
 * into FORCE_COLOR=0).
 */
import { Chalk, supportsColor } from 'chalk';
import type { FormatRecord } from './format.js';

export interface TailFormatOptions {
  color?: boolean;
}

export function stdoutHasColor(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  return supportsColor !== false && supportsColor.level > 0;
}

/** Pretty JSON for values that are a JSON object or array; other text as it is. */
export function prettyValue(text: string): string {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function tailFormatter(opts: TailFormatOptions = {}): (r: FormatRecord) => string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  return (r) => {
    const time = new Date(Number(r.timestampMs)).toISOString();
    const where = `${c.cyan(r.topic)}/${c.yellow(String(r.partition))}@${r.offset}`;
    const key = r.key === null ? '' : ` ${c.green(r.key.toString('utf8'))}`;
    const headers = r.headers.length
      ? ` ${c.dim(r.headers.map((h) => `${h.key}=${h.value?.toString('utf8') ?? ''}`).join(','))}`
      : '';
    const value = r.value === null ? c.dim('(null)') : prettyValue(r.value.toString('utf8'));
    return `${c.dim(time)} ${where}${key}${headers}\n${value}\n`;
  };
}
