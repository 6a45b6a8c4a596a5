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
  /**
   * Allocate a frame's buffer as soon as its size is read and copy each chunk
   * into it as it arrives, so gathering a large frame overlaps its transfer
   * instead of following it. Only for a peer we trust (a client reading its
   * broker's answers): from anyone else it would let the peer make us
   * allocate what it merely claims.
   */
  allocateOnSize?: boolean;
  /**
   * With allocateOnSize: gather every frame into one buffer kept for the
   * next, so a stream of large frames does not fault in fresh memory for each.
   * A frame returned by `push` is then valid only until the next `push`.
   */
  reuseFrameBuffer?: boolean;
}

const SIZE_BYTES = 4;

export class FrameSplitter {
  readonly frameBytesMax: number;
  private readonly allocateOnSize: boolean;
  /** With allocateOnSize: the body of the frame being gathered, and how much of it has arrived. */
  private frame: Buffer | null = null;
  private filled = 0;
  private readonly reuseFrameBuffer: boolean;
  private spare: Buffer | null = null;
  /** A frame in `spare` was returned by the current push, so the next one needs other memory. */
  private spareHandedOut = false;
  /** Unconsumed bytes, oldest first; their total is `bufferedBytes`. */
  private parts: Buffer[] = [];
  private bufferedBytes = 0;
  /** Body size of the frame being gathered, or -1 while its size is unknown. */
  private frameBytes = -1;

  constructor(options: FrameSplitterOptions) {
    this.frameBytesMax = options.frameBytesMax;
    this.allocateOnSize = options.allocateOnSize ?? false;
    this.reuseFrameBuffer = options.reuseFrameBuffer ?? false;
  }

  /** Bytes held waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.bufferedBytes + (this.frame ? SIZE_BYTES + this.filled : 0);
  }

  /** Feeds socket data; returns the frames it completes (without their size prefix). */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    this.spareHandedOut = false;
    if (this.frame) {
      const n = Math.min(chunk.length, this.frame.length - this.filled);
      chunk.copy(this.frame, this.filled, 0, n);
      this.filled += n;
      if (this.filled < this.frame.length) return frames;
      frames.push(this.frame);
      this.spareHandedOut = this.reuseFrameBuffer;
      this.frame = null;
      chunk = chunk.subarray(n);
    } else if (this.bufferedBytes > 0) {
      this.parts.push(chunk);
      this.bufferedBytes += chunk.length;
      if (!this.completeBuffered(frames)) {
        if (this.allocateOnSize && this.frameBytes >= 0) this.allocateFromParts();
        return frames;
      }
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
      if (this.allocateOnSize && rest.length >= SIZE_BYTES) {
        this.frame = this.frameBuffer(rest.readInt32BE(0));
        this.filled = rest.copy(this.frame, 0, SIZE_BYTES);
        return frames;
      }
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

  private frameBuffer(size: number): Buffer {
    if (!this.reuseFrameBuffer) return Buffer.allocUnsafe(size);
    if (!this.spare || this.spare.length < size || this.spareHandedOut) this.spare = Buffer.allocUnsafe(size);
    return this.spare.subarray(0, size);
  }

  /** Moves the bytes gathered so far of a frame whose size is known into its own buffer. */
  private allocateFromParts(): void {
    const gathered = Buffer.concat(this.parts, this.bufferedBytes);
    this.frame = this.frameBuffer(this.frameBytes);
    this.filled = gathered.copy(this.frame, 0, SIZE_BYTES);
    this.parts = [];
    this.bufferedBytes = 0;
    this.frameBytes = -1;
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
