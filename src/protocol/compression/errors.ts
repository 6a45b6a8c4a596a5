import { DecodeError } from '../reader.js';

/** Default cap on what one decompression may produce. */
export const DECOMPRESSED_BYTES_MAX_DEFAULT = 256 * 1024 * 1024;

export function tooLarge(codec: string, bytesMax: number, offset = 0): DecodeError {
  return new DecodeError(`${codec} data inflates past the ${bytesMax}-byte limit`, offset);
}

/** Library failures become DecodeError: corrupt input is the peer's fault, not ours. */
export function corrupt(codec: string, cause: unknown, offset = 0): DecodeError {
  if (cause instanceof DecodeError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DecodeError(`invalid ${codec} data (${reason})`, offset);
}
