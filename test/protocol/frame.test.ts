import { describe, expect, it } from 'vitest';
import { FrameSplitter, FrameTooLargeError } from '../../src/protocol/frame.js';

function frameOf(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

/** The frames of one push, copied: with reuseFrameBuffer they are valid only until the next. */
function take(splitter: FrameSplitter, chunk: Buffer): Buffer[] {
  return splitter.push(chunk).map((f) => Buffer.from(f));
}

const bodies = [Buffer.from('hello'), Buffer.alloc(0), Buffer.from('a'), Buffer.alloc(300, 9), Buffer.from('tail!')];
const stream = Buffer.concat(bodies.map(frameOf));

describe.each([
  { allocateOnSize: false, reuseFrameBuffer: false },
  { allocateOnSize: true, reuseFrameBuffer: false },
  { allocateOnSize: true, reuseFrameBuffer: true },
])('FrameSplitter (%o)', (mode) => {
  it('returns frames inside one chunk as views without copying', () => {
    const splitter = new FrameSplitter({ frameBytesMax: 1024, ...mode });
    const frames = splitter.push(stream);
    expect(frames).toEqual(bodies);
    for (const f of frames) expect(f.buffer).toBe(stream.buffer);
    expect(splitter.pendingBytes).toBe(0);
  });

  it('yields the same frames when the stream is split at every byte boundary', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const splitter = new FrameSplitter({ frameBytesMax: 1024, ...mode });
      const frames = [...take(splitter, stream.subarray(0, cut)), ...take(splitter, stream.subarray(cut))];
      expect(frames, `cut at ${cut}`).toEqual(bodies);
      expect(splitter.pendingBytes).toBe(0);
    }
  });

  it('yields the same frames when fed one byte at a time or in two cuts', () => {
    const splitter = new FrameSplitter({ frameBytesMax: 1024, ...mode });
    const frames: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) frames.push(...take(splitter, stream.subarray(i, i + 1)));
    expect(frames).toEqual(bodies);
    for (let a = 0; a < stream.length; a += 13) {
      for (let b = a; b <= stream.length; b += 17) {
        const s = new FrameSplitter({ frameBytesMax: 1024, ...mode });
        const got = [...take(s, stream.subarray(0, a)), ...take(s, stream.subarray(a, b)), ...take(s, stream.subarray(b))];
        expect(got, `cuts ${a}, ${b}`).toEqual(bodies);
      }
    }
  });

  it('rejects an oversize frame in a later chunk', () => {
    const splitter = new FrameSplitter({ frameBytesMax: 100, ...mode });
    expect(splitter.push(frameOf(Buffer.alloc(50)).subarray(0, 20))).toEqual([]);
    expect(() => splitter.push(Buffer.concat([frameOf(Buffer.alloc(50)).subarray(20), frameOf(Buffer.alloc(101))]))).toThrow(FrameTooLargeError);
  });
});

describe('FrameSplitter', () => {
  it('rejects an oversize frame as soon as its size arrives', () => {
    const splitter = new FrameSplitter({ frameBytesMax: 100 });
    expect(splitter.push(Buffer.from([0, 0]))).toEqual([]);
    expect(() => splitter.push(Buffer.from([0, 101]))).toThrow(FrameTooLargeError);
    const direct = new FrameSplitter({ frameBytesMax: 100 });
    expect(() => direct.push(frameOf(Buffer.alloc(101)))).toThrow(FrameTooLargeError);
    expect(new FrameSplitter({ frameBytesMax: 100 }).push(frameOf(Buffer.alloc(100)))).toHaveLength(1);
  });

  it('rejects a negative frame size', () => {
    const splitter = new FrameSplitter({ frameBytesMax: 100 });
    expect(() => splitter.push(Buffer.from('ffffffff00', 'hex'))).toThrow(FrameTooLargeError);
  });

  it('holds no more than the bytes received while a declared frame is incomplete', () => {
    const splitter = new FrameSplitter({ frameBytesMax: 10_000_000 });
    const header = Buffer.alloc(4);
    header.writeInt32BE(10_000_000, 0);
    splitter.push(header);
    splitter.push(Buffer.alloc(10));
    expect(splitter.pendingBytes).toBe(14);
  });
});
