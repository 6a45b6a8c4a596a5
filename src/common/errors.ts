/**
 * Errors with stable codes. `UserError` is something the person at the
 * terminal can fix (a bad flag, an unreachable broker): it is printed without
 * a stack trace. Anything else reaching the top is a bug in kgo.
 */
export class KgoError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Exit status 1 unless said otherwise; `hint` says what to do next. */
export class UserError extends KgoError {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = 1,
    code = 'USER_ERROR',
  ) {
    super(message, code);
  }
}

/** Wrong flags or arguments: exit status 2. */
export class UsageError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, hint, 2, 'USAGE_ERROR');
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}
