import { describe, expect, it } from 'vitest';
import { diagnose, editDistance, suggestCommands } from '../../src/cli/hooks/command-not-found.js';
import { errorReport, formatErrorReport } from '../../src/cli/index.js';
import { UsageError, UserError } from '../../src/common/index.js';

describe('did you mean', () => {
  const ids = ['produce', 'consume', 'tail', 'profile:create', 'profile:list', 'topic:list', 'serve'];

  it('measures edits', () => {
    expect(editDistance('prodcue', 'produce')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('tail', 'tail')).toBe(0);
  });

  it('suggests the nearest commands, with spaces between topic and command', () => {
    expect(suggestCommands('prodcue', ids)).toEqual(['produce']);
    expect(suggestCommands('profile lst', ids)).toEqual(['profile list']);
    expect(suggestCommands('xyzzy-frobnicate', ids)).toEqual([]);
  });

  it('separates the mistyped command from its arguments', () => {
    expect(diagnose('prodcue:orders', ids)).toEqual({ typed: 'prodcue', suggestions: ['produce'] });
    expect(diagnose('profile:lst', ids)).toEqual({ typed: 'profile lst', suggestions: ['profile list'] });
    expect(diagnose('zzzzzz:a', ids)).toEqual({ typed: 'zzzzzz', suggestions: [] });
  });
});

describe('errorReport', () => {
  it('keeps user errors with their hint and status', () => {
    expect(errorReport(new UserError('no topic', 'create it'))).toEqual({ message: 'no topic', hint: 'create it', code: 'USER_ERROR', exitCode: 1 });
    expect(errorReport(new UsageError('bad -o')).exitCode).toBe(2);
  });

  it('maps oclif flag parse failures to status 2 with a tidy message', () => {
    const err = new Error('Parsing --count \n\tExpected an integer but received: x\nSee more help with --help');
    expect(errorReport(err)).toMatchObject({ message: '--count: Expected an integer but received: x', exitCode: 2 });
  });

  it('treats anything else as an internal error, status 1', () => {
    expect(errorReport(new TypeError('x is undefined'))).toMatchObject({ code: 'INTERNAL', exitCode: 1 });
  });

  it('prints message and hint', () => {
    expect(formatErrorReport({ message: 'm', hint: 'h', code: 'X', exitCode: 1 })).toBe('Error: m\nHint: h\n');
  });
});
