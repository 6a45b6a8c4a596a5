/** Shell completion comes from @oclif/plugin-autocomplete, wired through package.json. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { binRun } from '../support/broker-process.js';

describe('kgo autocomplete', () => {
  it('prints setup instructions and builds a completion cache that knows kgo commands', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kgo-cache-'));
    try {
      const r = spawnSync(process.execPath, [binRun, 'autocomplete', 'bash'], {
        encoding: 'utf8',
        timeout: 20_000,
        env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' },
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('Setup Instructions');
      const files = fs.readdirSync(cache, { recursive: true }).map(String);
      const script = files.find((f) => f.endsWith('bash/kgo.bash'));
      expect(script).toBeDefined();
      const text = fs.readFileSync(path.join(cache, script!), 'utf8');
      for (const command of ['serve', 'produce', 'consume', 'topic', 'group']) expect(text).toContain(command);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
