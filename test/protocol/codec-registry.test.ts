import { describe, expect, it } from 'vitest';
import { messages } from '../../src/protocol/messages/index.js';
import { inVersions } from '../../src/protocol/schema.js';
import { decodeMessage, encodeMessage, type Struct } from '../../src/protocol/struct-codec.js';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../../src/protocol/codec.js';
import { Reader } from '../../src/protocol/reader.js';
import { concatChunks, Writer } from '../../src/protocol/writer.js';
import { randomStruct, seededRng, versionsOf } from './codec-values.js';

const VALUES_PER_VERSION = 4;

function encodeBody(fields: Parameters<typeof encodeMessage>[0], v: number, flexible: boolean, value: Struct): Buffer {
  const w = new Writer();
  encodeMessage(fields, v, flexible, value, w);
  return concatChunks(w.finish());
}

describe('every schema in the registry', () => {
  it('has schemas to check', () => {
    expect(messages.size, 'src/protocol/messages registry is empty: no schema was round-tripped').toBeGreaterThan(0);
  });

  for (const def of messages.values()) {
    it(`${def.name} (key ${def.apiKey}) round-trips at every version in ${def.valid}`, () => {
      const rng = seededRng(def.apiKey + 1);
      for (const v of versionsOf(def.valid)) {
        const flexible = inVersions(def.flexible, v);
        for (const [direction, fields] of [
          ['request', def.request],
          ['response', def.response],
        ] as const) {
          for (let i = 0; i < VALUES_PER_VERSION; i++) {
            const value = randomStruct(fields, v, rng);
            const bytes = encodeBody(fields, v, flexible, value);
            const r = new Reader(bytes);
            const back = decodeMessage(fields, v, flexible, r);
            const where = `${def.name} ${direction} v${v}`;
            expect(r.remaining, where).toBe(0);
            expect(back, where).toMatchObject(value);
            expect(encodeBody(fields, v, flexible, back).equals(bytes), where).toBe(true);
          }
        }
      }
    });
  }

  it('carries whole request and response frames for every API at its newest version', () => {
    for (const def of messages.values()) {
      const v = Math.max(...versionsOf(def.valid));
      const rng = seededRng(1000 + def.apiKey);
      const request = randomStruct(def.request, v, rng);
      const frame = concatChunks(encodeRequest(def.apiKey, v, 42, 'kgo-test', request));
      expect(frame.readInt32BE(0)).toBe(frame.length - 4);
      const decoded = decodeRequest(frame.subarray(4));
      expect(decoded.header).toMatchObject({ apiKey: def.apiKey, apiVersion: v, correlationId: 42, clientId: 'kgo-test' });
      expect(decoded.body).toMatchObject(request);

      const response = randomStruct(def.response, v, rng);
      const out = concatChunks(encodeResponse(def.apiKey, v, 43, response));
      expect(out.readInt32BE(0)).toBe(out.length - 4);
      const back = decodeResponse(def.apiKey, v, out.subarray(4));
      expect(back.correlationId).toBe(43);
      expect(back.body).toMatchObject(response);
    }
  });
});
