/**
 * Splits a byte stream into Kafka frames (int32 size, then that many bytes).
 * A frame lying inside one pushed chunk comes back as a view of it, without
 * copying; a frame spread over chunks is gathered once it is complete. The
 * size is checked as soon as its four bytes arrive, so a hostile peer cannot
 * make us buffer more than `frameBytesMax` bytes of one frame.
 */
import { KgoError } from '../common/index.js';

export class FrameTooLargeError extends KgoError {
  constructor(
    readonly frameBytes: number,
    readonly frameBytesMax: number,
  ) {
    super(
      frameBytes < 0
        ? `invalid frame size ${frameBytes}`
        : `frame of ${frameBytes} bytes exceeds the limit of ${frameBytesMax}`,
      'FRAME_TOO_LARGE',
    );
  }
}

export interface FrameSplitterOptions {
  frameBytesMax: number;
}

const SIZE_BYTES = 4;

export class FrameSplitter {
  readonly frameBytesMax: number;
  /** Unconsumed bytes, oldest first; their total is `bufferedBytes`. */
  private parts: Buffer[] = [];
  private bufferedBytes = 0;
  /** Body size of the frame being gathered, or -1 while its size is unknown. */
  private frameBytes = -1;

  constructor(options: FrameSplitterOptions) {
    this.frameBytesMax = options.frameBytesMax;
  }

  /** Bytes held waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.bufferedBytes;
  }

  /** Feeds socket data; returns the frames it completes (without their size prefix). */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    if (this.bufferedBytes > 0) {
      this.parts.push(chunk);
      this.bufferedBytes += chunk.length;
      if (!this.completeBuffered(frames)) return frames;
      chunk = this.takeRest();
    }
    let at = 0;
    while (chunk.length - at >= SIZE_BYTES) {
      const size = this.checkSize(chunk.readInt32BE(at));
      if (chunk.length - at - SIZE_BYTES < size) break;
      frames.push(chunk.subarray(at + SIZE_BYTES, at + SIZE_BYTES + size));
      at += SIZE_BYTES + size;
    }
    if (at < chunk.length) {
      const rest = chunk.subarray(at);
      this.parts = [rest];
      this.bufferedBytes = rest.length;
      this.frameBytes = rest.length >= SIZE_BYTES ? rest.readInt32BE(0) : -1;
    }
    return frames;
  }

  private checkSize(size: number): number {
    if (size < 0 || size > this.frameBytesMax) throw new FrameTooLargeError(size, this.frameBytesMax);
    return size;
  }

  /**
   * Gathers the first buffered frame if enough bytes have arrived. Returns
   * false while it is still incomplete.
   */
  private completeBuffered(frames: Buffer[]): boolean {
    if (this.frameBytes < 0) {
      if (this.bufferedBytes < SIZE_BYTES) return false;
      this.frameBytes = this.checkSize(this.peekSize());
    }
    const total = SIZE_BYTES + this.frameBytes;
    if (this.bufferedBytes < total) return false;
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.bufferedBytes);
    frames.push(all.subarray(SIZE_BYTES, total));
    this.parts = [all.subarray(total)];
    this.bufferedBytes -= total;
    this.frameBytes = -1;
    return true;
  }

  private peekSize(): number {
    const first = this.parts[0]!;
    if (first.length >= SIZE_BYTES) return first.readInt32BE(0);
    const head = Buffer.concat(this.parts, SIZE_BYTES);
    return head.readInt32BE(0);
  }

  /** Hands the remaining buffered bytes back to the fast path. */
  private takeRest(): Buffer {
    const rest = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.bufferedBytes);
    this.parts = [];
    this.bufferedBytes = 0;
    this.frameBytes = -1;
    return rest;
  }
}
