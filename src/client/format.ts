/**
 * Records on stdin and stdout. A `--format` is either `json` (one object a
 * line) or a template in the spirit of kcat:
 *
 *   %t topic  %p partition  %o offset  %k key  %v value  %T timestamp (ms)
 *   %d timestamp as ISO-8601  %h headers as k=v,k=v  %K/%V key/value length
 *   %% a percent sign; \n \t \r \\ escapes
 *
 * Templates are compiled once into a function: nothing is parsed per record.
 */
import { isUtf8 } from 'node:buffer';
import { UsageError } from '../common/index.js';

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/** A record as the formats see it, whichever client produced it. */
export interface FormatRecord {
  topic: string;
  partition: number;
  offset: string;
  timestampMs: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

export const DEFAULT_FORMAT = '%v\\n';

type Part = string | ((r: FormatRecord) => string);

const PLACEHOLDERS: Record<string, (r: FormatRecord) => string> = {
  t: (r) => r.topic,
  p: (r) => String(r.partition),
  o: (r) => r.offset,
  k: (r) => (r.key === null ? '' : r.key.toString('utf8')),
  v: (r) => (r.value === null ? '' : r.value.toString('utf8')),
  T: (r) => r.timestampMs,
  d: (r) => new Date(Number(r.timestampMs)).toISOString(),
  h: (r) => r.headers.map((h) => `${h.key}=${h.value === null ? '' : h.value.toString('utf8')}`).join(','),
  K: (r) => String(r.key === null ? -1 : r.key.length),
  V: (r) => String(r.value === null ? -1 : r.value.length),
};

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\' };

/** Splits a template into literal text and placeholder letters. */
export function parseTemplate(template: string): (string | { placeholder: string })[] {
  const parts: (string | { placeholder: string })[] = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    const next = template[i + 1];
    if (c === '\\' && next !== undefined && next in ESCAPES) {
      literal += ESCAPES[next];
      i++;
    } else if (c === '%') {
      if (next === '%') {
        literal += '%';
      } else if (next !== undefined && next in PLACEHOLDERS) {
        if (literal) parts.push(literal);
        literal = '';
        parts.push({ placeholder: next });
      } else {
        throw new UsageError(`unknown placeholder "%${next ?? ''}" in format "${template}"`, 'placeholders: %t %p %o %k %v %T %d %h %K %V; or use -f json');
      }
      i++;
    } else {
      literal += c;
    }
  }
  if (literal) parts.push(literal);
  return parts;
}

export function compileTemplate(template: string): (r: FormatRecord) => string {
  const parts: Part[] = parseTemplate(template).map((p) => (typeof p === 'string' ? p : PLACEHOLDERS[p.placeholder]!));
  if (parts.length === 1 && typeof parts[0] === 'string') {
    const text = parts[0];
    return () => text;
  }
  return (r) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : p(r);
    return out;
  };
}

/** One line of `-f json`. */
export interface JsonRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  keyEncoding?: 'base64';
  value: string | null;
  valueEncoding?: 'base64';
  headers: { key: string; value: string | null; valueEncoding?: 'base64' }[];
}

function encodeBytes(bytes: Buffer | null): { text: string | null; base64: boolean } {
  if (bytes === null) return { text: null, base64: false };
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), base64: false };
  return { text: bytes.toString('base64'), base64: true };
}

export function toJsonRecord(r: FormatRecord): JsonRecord {
  const key = encodeBytes(r.key);
  const value = encodeBytes(r.value);
  const out: JsonRecord = {
    topic: r.topic,
    partition: r.partition,
    offset: Number(r.offset),
    timestamp: Number(r.timestampMs),
    key: key.text,
    value: value.text,
    headers: r.headers.map((h) => {
      const v = encodeBytes(h.value);
      return v.base64 ? { key: h.key, value: v.text, valueEncoding: 'base64' as const } : { key: h.key, value: v.text };
    }),
  };
  if (key.base64) out.keyEncoding = 'base64';
  if (value.base64) out.valueEncoding = 'base64';
  return out;
}

export function formatJsonLine(r: FormatRecord): string {
  return `${JSON.stringify(toJsonRecord(r))}\n`;
}

/** The writer for `-f`: `json` or a template. */
export function compileOutputFormat(format: string): (r: FormatRecord) => string {
  return format === 'json' ? formatJsonLine : compileTemplate(format);
}

function decodeBytes(text: unknown, encoding: unknown, what: string): Buffer | null {
  if (text === null || text === undefined) return null;
  if (typeof text !== 'string') throw new UsageError(`${what} must be a string or null`);
  if (encoding === 'base64') return Buffer.from(text, 'base64');
  if (encoding !== undefined && encoding !== 'utf8') throw new UsageError(`unknown ${what} encoding "${String(encoding)}"`);
  return Buffer.from(text, 'utf8');
}

/** What a line of input becomes before it is sent. */
export interface InputRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  partition?: number;
  timestampMs?: string;
}

/** Parses one `-f json` line (as written by `consume -f json`). */
export function parseJsonLine(line: string): InputRecord {
  let o: Partial<JsonRecord> & Record<string, unknown>;
  try {
    o = JSON.parse(line) as typeof o;
  } catch (err) {
    throw new UsageError(`invalid JSON record: ${(err as Error).message}`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new UsageError('a JSON record must be an object');
  const headers = Array.isArray(o.headers)
    ? o.headers.map((h) => ({ key: String(h.key), value: decodeBytes(h.value, h.valueEncoding, 'header value') }))
    : [];
  const record: InputRecord = {
    key: decodeBytes(o.key, o.keyEncoding, 'key'),
    value: decodeBytes(o.value, o.valueEncoding, 'value'),
    headers,
  };
  if (typeof o.partition === 'number') record.partition = o.partition;
  if (typeof o.timestamp === 'number' || typeof o.timestamp === 'string') record.timestampMs = String(o.timestamp);
  return record;
}

/** Parses a plain input line, split at the first `keyDelimiter` if given. */
export function compileLineParser(keyDelimiter: string | undefined): (line: string) => InputRecord {
  if (keyDelimiter === undefined || keyDelimiter === '') {
    return (line) => ({ key: null, value: Buffer.from(line, 'utf8'), headers: [] });
  }
  return (line) => {
    const at = line.indexOf(keyDelimiter);
    if (at < 0) return { key: null, value: Buffer.from(line, 'utf8'), headers: [] };
    return {
      key: Buffer.from(line.slice(0, at), 'utf8'),
      value: Buffer.from(line.slice(at + keyDelimiter.length), 'utf8'),
      headers: [],
    };
  };
}

/** `-H k=v` flags into headers. */
export function parseHeaderFlags(flags: string[]): RecordHeader[] {
  return flags.map((f) => {
    const at = f.indexOf('=');
    if (at <= 0) throw new UsageError(`invalid header "${f}"`, 'headers are -H key=value');
    return { key: f.slice(0, at), value: Buffer.from(f.slice(at + 1), 'utf8') };
  });
}

/** Unescapes \t, \n, \\ in a delimiter typed on the command line. */
export function unescapeDelimiter(text: string): string {
  return text.replace(/\\([ntr\\])/g, (_, c: string) => ESCAPES[c]!);
}

/** Placeholders a produce input template may use; %t and %o are read and ignored. */
const INPUT_PLACEHOLDERS = new Set(['k', 'v', 'h', 'p', 'T', 't', 'o']);

/**
 * `produce -f TEMPLATE`: each input line is matched against the template,
 * e.g. `%k=%v` or `%p\t%k\t%v`. A trailing \n in the template is the line end.
 * Placeholders match lazily, the last one takes the rest of the line.
 */
export function compileInputTemplate(template: string): (line: string) => InputRecord {
  const parts = parseTemplate(template.replace(/\\n$/, ''));
  const fields: string[] = [];
  let pattern = '^';
  parts.forEach((p, i) => {
    if (typeof p === 'string') {
      if (p.includes('\n')) throw new UsageError('an input template describes one line', 'only a final \\n is allowed');
      pattern += p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return;
    }
    if (!INPUT_PLACEHOLDERS.has(p.placeholder)) {
      throw new UsageError(`%${p.placeholder} cannot be read from input`, 'input templates use %k %v %h %p %T (and %t %o, ignored)');
    }
    if (fields.includes(p.placeholder)) throw new UsageError(`%${p.placeholder} appears twice in "${template}"`);
    fields.push(p.placeholder);
    pattern += i === parts.length - 1 ? '([\\s\\S]*)' : '([\\s\\S]*?)';
  });
  const re = new RegExp(`${pattern}$`);
  return (line) => {
    const m = re.exec(line);
    if (!m) throw new UsageError(`input line does not match the format "${template}": ${line.slice(0, 80)}`);
    const record: InputRecord = { key: null, value: null, headers: [] };
    fields.forEach((f, i) => {
      const text = m[i + 1]!;
      if (f === 'k') record.key = Buffer.from(text, 'utf8');
      else if (f === 'v') record.value = Buffer.from(text, 'utf8');
      else if (f === 'h') record.headers = text === '' ? [] : parseHeaderFlags(text.split(','));
      else if (f === 'p') record.partition = parseIntField(text, 'partition');
      else if (f === 'T') record.timestampMs = String(parseIntField(text, 'timestamp'));
    });
    return record;
  };
}

function parseIntField(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`invalid ${what} "${text}" in input`);
  return Number(text);
}
