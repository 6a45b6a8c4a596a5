#!/usr/bin/env node
// Writes man pages (man/kgo.1, man/kgo-<command>.1) from the compiled commands'
// own summaries, flags, arguments and examples, so the pages cannot drift from
// `--help`. Run after the build: `node scripts/gen-man.mjs`.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'man');

/** Escapes text for roff: backslashes, and dots or quotes that start a line. */
function roff(text) {
  return String(text ?? '')
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n');
}

function render(template, bin, id) {
  return template.replaceAll('<%= config.bin %>', bin).replaceAll('<%= command.id %>', id);
}

function flagLine(name, flag) {
  const short = flag.char ? `\\-${flag.char}, ` : '';
  const value = flag.type === 'option' ? (flag.options ? ` ${flag.options.join('|')}` : ' VALUE') : '';
  const negation = flag.allowNo ? ` | \\-\\-no\\-${roff(name)}` : '';
  return `.TP\n.B ${short}\\-\\-${roff(name)}${negation}${roff(value)}`;
}

function flagText(flag) {
  const parts = [flag.summary ?? flag.description ?? ''];
  if (flag.default !== undefined && typeof flag.default !== 'function') parts.push(`Default: ${flag.default}.`);
  if (flag.env) parts.push(`Environment: ${flag.env}.`);
  return roff(parts.filter(Boolean).join(' '));
}

function commandPage(bin, cmd, date, version) {
  const id = cmd.id.replaceAll(':', ' ');
  const name = `${bin}-${cmd.id.replaceAll(':', '-')}`;
  const args = Object.entries(cmd.args ?? {});
  const usage = [bin, id, ...args.map(([a, def]) => (def.required ? a.toUpperCase() : `[${a.toUpperCase()}]`)), '[FLAGS]'].join(' ');
  const lines = [
    `.TH ${name.toUpperCase()} 1 "${date}" "${bin} ${version}" "kgo manual"`,
    '.SH NAME',
    `${roff(name)} \\- ${roff(cmd.summary ?? '')}`,
    '.SH SYNOPSIS',
    `.B ${roff(usage)}`,
  ];
  if (cmd.description) lines.push('.SH DESCRIPTION', roff(cmd.description).replace(/\n\n/g, '\n.PP\n'));
  if (args.length) {
    lines.push('.SH ARGUMENTS');
    for (const [a, def] of args) lines.push(`.TP\n.B ${a.toUpperCase()}`, roff(def.description ?? ''));
  }
  const flags = Object.entries(cmd.flags ?? {}).filter(([, f]) => !f.hidden);
  const groups = new Map();
  for (const [n, f] of flags) {
    const g = f.helpGroup ?? 'FLAGS';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push([n, f]);
  }
  const order = (g) => (g === 'FLAGS' ? 0 : g === 'GLOBAL' ? 2 : 1);
  for (const [group, entries] of [...groups].sort(([a], [b]) => order(a) - order(b))) {
    lines.push(`.SH ${group === 'FLAGS' ? 'OPTIONS' : `${group} OPTIONS`}`);
    for (const [n, f] of entries.sort(([a], [b]) => a.localeCompare(b))) lines.push(flagLine(n, f), flagText(f));
  }
  const examples = cmd.examples ?? [];
  if (examples.length) {
    lines.push('.SH EXAMPLES');
    for (const ex of examples) {
      const { description, command } = typeof ex === 'string' ? { description: '', command: ex } : ex;
      if (description) lines.push('.PP', roff(description));
      lines.push('.PP', '.RS 4', '.nf', roff(render(command, bin, id)), '.fi', '.RE');
    }
  }
  lines.push('.SH EXIT STATUS', '0 success, 1 runtime error, 2 usage error.', '.SH SEE ALSO', `.BR ${bin} (1)`);
  return { name, text: `${lines.join('\n')}\n` };
}

function indexPage(bin, commands, date, version, summary) {
  const lines = [
    `.TH ${bin.toUpperCase()} 1 "${date}" "${bin} ${version}" "kgo manual"`,
    '.SH NAME',
    `${bin} \\- ${roff(summary)}`,
    '.SH SYNOPSIS',
    `.B ${bin} COMMAND [FLAGS]`,
    '.SH COMMANDS',
  ];
  for (const c of commands) lines.push(`.TP\n.B ${roff(c.id.replaceAll(':', ' '))}`, roff(c.summary ?? ''));
  lines.push(
    '.SH ENVIRONMENT',
    '.TP\n.B KGO_BROKERS, KGO_CLIENT_ID, KGO_PROFILE, KGO_SASL_*, KGO_TLS*, KGO_TIMEOUT',
    'Connection settings, used when the matching flag is not given.',
    '.TP\n.B XDG_CONFIG_HOME',
    'Profiles are read from $XDG_CONFIG_HOME/kgo/config.json (default ~/.config/kgo/config.json).',
    '.TP\n.B NO_COLOR',
    'Disables colour.',
    '.SH SEE ALSO',
    commands.map((c) => `.BR ${bin}\\-${roff(c.id.replaceAll(':', '-'))} (1)`).join(',\n'),
  );
  return `${lines.join('\n')}\n`;
}

const config = await Config.load(root);
const bin = config.bin;
const date = new Date().toISOString().slice(0, 10);
const commands = [];
for (const c of [...config.commands].sort((a, b) => a.id.localeCompare(b.id))) {
  if (c.hidden || c.pluginType !== 'core') continue;
  const loaded = await c.load();
  const json = loaded.enableJsonFlag ? { json: { type: 'boolean', summary: 'Print the result as JSON.', helpGroup: 'GLOBAL' } } : {};
  commands.push({ ...c, flags: { ...(loaded.baseFlags ?? {}), ...json, ...(loaded.flags ?? {}) }, args: loaded.args, examples: loaded.examples, description: loaded.description, summary: loaded.summary ?? c.summary });
}

mkdirSync(outDir, { recursive: true });
for (const f of readdirSync(outDir)) if (f.endsWith('.1')) rmSync(join(outDir, f));
writeFileSync(join(outDir, `${bin}.1`), indexPage(bin, commands, date, config.version, config.pjson.description ?? ''));
for (const c of commands) {
  const page = commandPage(bin, c, date, config.version);
  writeFileSync(join(outDir, `${page.name}.1`), page.text);
}
process.stdout.write(`wrote ${commands.length + 1} man pages to ${outDir}\n`);
