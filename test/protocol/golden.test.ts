/**
 * Golden frames captured from real clients talking to kgo
 * (scripts/capture-fixtures.mjs): every request decodes with kgo's codec and
 * re-encodes byte for byte, and so does every response. A codec change that
 * alters a single byte a real client sends or reads fails here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeRequest, decodeResponse, encodeRequest, encodeResponse } from '../../src/protocol/index.js';

const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

interface FixtureEntry {
  name: string;
  apiKey: number;
  apiVersion: number;
  correlationId: number;
}

const clients = ['kafkajs', 'kcat', 'kafka-python'];

function entries(client: string): FixtureEntry[] {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir, client, 'index.json'), 'utf8')) as FixtureEntry[];
}

const read = (client: string, file: string): Buffer => fs.readFileSync(path.join(fixturesDir, client, file));

describe('golden frames from real clients', () => {
  it('has fixtures for every client, covering produce, fetch and metadata', () => {
    for (const client of clients) {
      const apis = new Set(entries(client).map((e) => e.apiKey));
      expect([...[0, 1, 3, 18]].filter((k) => !apis.has(k)), client).toEqual([]);
    }
  });

  for (const client of clients) {
    describe(client, () => {
      for (const e of entries(client)) {
        it(`${e.name}: request decodes and re-encodes byte for byte`, () => {
          const frame = read(client, `${e.name}.req.bin`);
          expect(frame.readInt32BE(0)).toBe(frame.length - 4);
          const { header, body } = decodeRequest(frame.subarray(4));
          expect([header.apiKey, header.apiVersion, header.correlationId]).toEqual([e.apiKey, e.apiVersion, e.correlationId]);
          const again = Buffer.concat(encodeRequest(header.apiKey, header.apiVersion, header.correlationId, header.clientId, body));
          expect(again.toString('hex')).toBe(frame.toString('hex'));
        });

        it(`${e.name}: response decodes and re-encodes byte for byte`, () => {
          const frame = read(client, `${e.name}.res.bin`);
          expect(frame.readInt32BE(0)).toBe(frame.length - 4);
          const { correlationId, body } = decodeResponse(e.apiKey, e.apiVersion, frame.subarray(4));
          expect(correlationId).toBe(e.correlationId);
          const again = Buffer.concat(encodeResponse(e.apiKey, e.apiVersion, correlationId, body));
          expect(again.toString('hex')).toBe(frame.toString('hex'));
        });
      }
    });
  }
});
