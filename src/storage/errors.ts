/**
 * Storage errors. A `StorageError` carries the errno code of the failed file
 * operation (ENOSPC, EIO...); the broker answers KAFKA_STORAGE_ERROR for it.
 */
import { KgoError } from '../common/index.js';

export class StorageError extends KgoError {
  constructor(
    message: string,
    code: string,
    readonly path?: string,
  ) {
    super(message, code);
  }
}

export class OffsetOutOfRangeError extends KgoError {
  constructor(
    readonly offset: number,
    readonly logStartOffset: number,
    readonly logEndOffset: number,
  ) {
    super(
      `offset ${offset} is outside the log [${logStartOffset}, ${logEndOffset}]`,
      'OFFSET_OUT_OF_RANGE',
    );
  }
}

/** Wraps whatever a FileSystem call threw into a StorageError naming the operation. */
export function storageError(err: unknown, operation: string, path?: string): StorageError {
  if (err instanceof StorageError) return err;
  const code = (err as { code?: unknown })?.code;
  const detail = err instanceof Error ? err.message : String(err);
  return new StorageError(
    `${operation}${path ? ` ${path}` : ''} failed: ${detail}`,
    typeof code === 'string' ? code : 'EIO',
    path,
  );
}
