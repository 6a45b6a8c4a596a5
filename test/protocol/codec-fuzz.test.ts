import { describe, expect, it } from 'vitest';
import { messages } from '../../src/protocol/messages/index.js';
import { decodeRequest, encodeRequest } from '../../src/protocol/codec.js';
import { DecodeError } from '../../src/protocol/reader.js';
import { UnsupportedApiError } from '../../src/protocol/request-codec.js';
import { concatChunks } from '../../src/protocol/writer.js';
import { randomStruct, seededRng, versionsOf, type Rng } from './codec-values.js';

/** Decodes a hostile frame; anything but "the peer sent garbage" fails the test. */
function expectOnlyProtocolErrors(frame: Buffer, what: string): void {
  try {
    decodeRequest(frame);
  } catch (e) {
    if (e instanceof DecodeError || e instanceof UnsupportedApiError) return;
    throw new Error(`${what}: unexpected ${(e as Error).name}: ${(e as Error).message}`);
  }
}

function mutate(frame: Buffer, rng: Rng): Buffer {
  const out = Buffer.from(frame);
  const flips = 1 + Math.floor(rng() * 4);
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(rng() * out.length);
    out[at] = rng() < 0.3 ? 0xff : Math.floor(rng() * 256);
  }
  return rng() < 0.3 ? out.subarray(0, Math.floor(rng() * out.length)) : out;
}

describe('hostile request frames', () => {
  it('random bytes never throw anything but DecodeError or UnsupportedApiError', () => {
    const rng = seededRng(7);
    const keys = [...messages.keys()];
    expect(keys.length).toBeGreaterThan(0);
    for (let i = 0; i < 3000; i++) {
      const frame = Buffer.alloc(Math.floor(rng() * 64));
      for (let j = 0; j < frame.length; j++) frame[j] = Math.floor(rng() * 256);
      // Mostly real keys and versions, so the body decoders see the garbage.
      if (frame.length >= 4 && rng() < 0.9) {
        const key = keys[Math.floor(rng() * keys.length)]!;
        const versions = versionsOf(messages.get(key)!.valid);
        frame.writeInt16BE(key, 0);
        frame.writeInt16BE(versions[Math.floor(rng() * versions.length)]!, 2);
      }
      expectOnlyProtocolErrors(frame, `random frame ${frame.toString('hex')}`);
    }
  });

  it('mutated valid requests never throw anything but DecodeError or UnsupportedApiError', () => {
    const rng = seededRng(11);
    for (const def of messages.values()) {
      for (const v of versionsOf(def.valid)) {
        const frame = concatChunks(encodeRequest(def.apiKey, v, 1, 'fuzz', randomStruct(def.request, v, rng))).subarray(4);
        expect(decodeRequest(frame).header.apiKey).toBe(def.apiKey);
        for (let i = 0; i < 8; i++) expectOnlyProtocolErrors(mutate(frame, rng), `${def.name} v${v}`);
        for (let cut = 0; cut < frame.length; cut += 1 + Math.floor(frame.length / 16)) {
          expectOnlyProtocolErrors(frame.subarray(0, cut), `${def.name} v${v} cut at ${cut}`);
        }
      }
    }
  });

  it('a huge array count in a tiny frame is rejected without allocating it', () => {
    // Metadata v1: header, then topics claiming 2^31-1 entries in 4 bytes.
    const frame = Buffer.from('0003' + '0001' + '00000001' + 'ffff' + '7fffffff' + '00000000', 'hex');
    expect(() => decodeRequest(frame)).toThrow(DecodeError);
    expect(() => decodeRequest(frame)).toThrow(/^Metadata v1 request: count 2147483647 exceeds the bytes left at byte 14$/);
  });
});
