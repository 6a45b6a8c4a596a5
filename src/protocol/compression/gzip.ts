/** gzip (codec 1): a standard RFC 1952 stream; Node's zlib caps the output for us. */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { corrupt, tooLarge } from './errors.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export async function gzipCompress(data: Buffer): Promise<Buffer> {
  return gzipAsync(data);
}

export async function gzipDecompress(data: Buffer, bytesMax: number): Promise<Buffer> {
  try {
    return await gunzipAsync(data, { maxOutputLength: bytesMax });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('gzip', bytesMax);
    throw corrupt('gzip', error);
  }
}
