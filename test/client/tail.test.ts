import { describe, expect, it } from 'vitest';
import { prettyValue, stdoutHasColor, tailFormatter, type FormatRecord } from '../../src/client/index.js';

const record: FormatRecord = {
  topic: 'logs',
  partition: 1,
  offset: '7',
  timestampMs: '1700000000000',
  key: Buffer.from('svc'),
  value: Buffer.from('{"level":"error","n":[1,2]}'),
  headers: [{ key: 'h', value: Buffer.from('v') }],
};

describe('tail output', () => {
  it('shows time, place, key, headers, then the pretty JSON value', () => {
    expect(tailFormatter({ color: false })(record)).toBe(
      '2023-11-14T22:13:20.000Z logs/1@7 svc h=v\n{\n  "level": "error",\n  "n": [\n    1,\n    2\n  ]\n}\n',
    );
  });

  it('colours only when asked', () => {
    expect(tailFormatter({ color: true })(record)).toContain('\u001b[');
    expect(tailFormatter({ color: false })(record)).not.toContain('\u001b[');
  });

  it('never colours under NO_COLOR', () => {
    expect(stdoutHasColor({ NO_COLOR: '1' })).toBe(false);
  });

  it('leaves values that are not JSON objects or arrays alone', () => {
    expect(prettyValue('plain text')).toBe('plain text');
    expect(prettyValue('{broken')).toBe('{broken');
    expect(prettyValue('42')).toBe('42');
    expect(tailFormatter({ color: false })({ ...record, key: null, value: null, headers: [] })).toBe('2023-11-14T22:13:20.000Z logs/1@7\n(null)\n');
  });
});
