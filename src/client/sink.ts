/**
 * Writes text to a stream (stdout) with backpressure: `write` resolves once
 * the stream can take more, and rejects with an EPIPE error once the reader
 * has gone away, so `kgo consume t | head` stops consuming at once.
 */
import type { Writable } from 'node:stream';

export class StreamSink {
  private closedError: NodeJS.ErrnoException | undefined;

  constructor(private readonly stream: Writable) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      this.closedError ??= err;
    });
    stream.on('close', () => {
      this.closedError ??= brokenPipe();
    });
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  async write(text: string): Promise<void> {
    if (this.closedError) throw this.closedError;
    if (text === '') return;
    if (this.stream.write(text)) return;
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        if (this.closedError) reject(this.closedError);
        else resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
  }
}

function brokenPipe(): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error('write EPIPE');
  err.code = 'EPIPE';
  return err;
}
