#!/usr/bin/env node
// Writes oclif.manifest.json from the compiled commands, so `kgo --help` and
// command lookup read one JSON file instead of importing every command module.
// Run after the build; a stale manifest hides new flags, so regenerate it on
// every build (or delete it while developing).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
await plugin.load();
const path = join(root, 'oclif.manifest.json');
writeFileSync(path, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
process.stdout.write(`wrote ${Object.keys(plugin.manifest.commands).length} commands to ${path}\n`);
