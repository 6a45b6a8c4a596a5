import { describe, expect, it } from 'vitest';
import { FrameSplitter, FrameTooLargeError } from '../../src/protocol/frame.js';

function frameOf(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

const bodies = [Buffer.from('hello'), Buffer.alloc(0), Buffer.from('a'), Buffer.alloc(300, 9), Buffer.from('tail!')];
const stream = Buffer.concat(bodies.map(frameOf));

describe('FrameSplitter', () => {
  it('returns frames inside one chunk as views without copying', () => {
    const splitter = new FrameSplitter({ frameBytesMax: 1024 });
    const frames = splitter.push(stream);
    expect(frames).toEqual(bodies);
    for (const f of frames) expect(f.buffer).toBe(stream.buffer);
    expect(splitter.pendingBytes).toBe(0);
  });

  it('yields the same frames when the stream is split at every byte boundary', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const splitter = new FrameSplitter({ frameBytesMax: 1024 });
      const frames = [...splitter.push(stream.subarray(0, cut)), ...splitter.push(stream.subarray(cut))];
      expect(frames, `cut at ${cut}`).toEqual(bodies);
      expect(splitter.pendingBytes).toBe(0);
    }
  });

  it('yields the same frames when fed one byte at a time or in two cuts', () => {
    const splitter = new FrameSplitter({ frameBytesMax: 1024 });
    const frames: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) frames.push(...splitter.push(stream.subarray(i, i + 1)));
    expect(frames).toEqual(bodies);
    for (let a = 0; a < stream.length; a += 13) {
      for (let b = a; b <= stream.length; b += 17) {
        const s = new FrameSplitter({ frameBytesMax: 1024 });
        const got = [...s.push(stream.subarray(0, a)), ...s.push(stream.subarray(a, b)), ...s.push(stream.subarray(b))];
        expect(got, `cuts ${a}, ${b}`).toEqual(bodies);
      }
    }
  });

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
