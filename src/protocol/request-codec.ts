/**
 * Whole request and response frames over a registry of message schemas: the
 * header version follows from the API's flexible versions, the body from its
 * schema. `codec.ts` binds this to kgo's own registry; tests may bind others.
 */
import { KgoError } from '../common/index.js';
import { parseVersions, type MessageDef, type VersionRange } from './schema.js';
import { DecodeError, Reader } from './reader.js';
import { EncodeError, Writer } from './writer.js';
import { decodeMessage, encodeMessage, type Struct } from './struct-codec.js';
import {
  readRequestHeader,
  readResponseHeader,
  responseHeaderVersion,
  writeRequestHeader,
  writeResponseHeader,
  type RequestHeader,
} from './headers.js';

/** An API key we have no schema for, or a version outside the schema's range. */
export class UnsupportedApiError extends KgoError {
  constructor(readonly header: RequestHeader) {
    super(`unsupported API key ${header.apiKey} version ${header.apiVersion}`, 'UNSUPPORTED_API');
  }
}

export interface DecodedRequest {
  header: RequestHeader;
  body: Struct;
}

export interface DecodedResponse {
  correlationId: number;
  body: Struct;
}

export interface RequestCodec {
  decodeRequestHeader(frame: Buffer): RequestHeader;
  decodeRequest(frame: Buffer): DecodedRequest;
  decodeRequestBody(header: RequestHeader, frame: Buffer): Struct;
  encodeResponse(apiKey: number, apiVersion: number, correlationId: number, body: Struct): Buffer[];
  encodeRequest(apiKey: number, apiVersion: number, correlationId: number, clientId: string | null, body: Struct): Buffer[];
  decodeResponse(apiKey: number, apiVersion: number, frame: Buffer): DecodedResponse;
}

interface ApiRanges {
  def: MessageDef;
  valid: VersionRange;
  flexible: VersionRange;
}

const within = (r: VersionRange, v: number): boolean => v >= r.min && v <= r.max;

export function createRequestCodec(registry: ReadonlyMap<number, MessageDef>): RequestCodec {
  const apis = new Map<number, ApiRanges>();
  for (const [key, def] of registry) {
    apis.set(key, { def, valid: parseVersions(def.valid), flexible: parseVersions(def.flexible) });
  }
  const isFlexible = (apiKey: number, apiVersion: number): boolean => {
    const api = apis.get(apiKey);
    return api !== undefined && within(api.flexible, apiVersion);
  };
  const apiFor = (apiKey: number, apiVersion: number): ApiRanges => {
    const api = apis.get(apiKey);
    if (api === undefined || !within(api.valid, apiVersion)) {
      throw new EncodeError(`no schema for API key ${apiKey} version ${apiVersion}`);
    }
    return api;
  };

  const decodeRequestHeader = (frame: Buffer): RequestHeader => readRequestHeader(new Reader(frame), isFlexible);

  /** The body of a request whose header was already read (the broker checks the header first). */
  const decodeRequestBody = (header: RequestHeader, frame: Buffer): Struct => {
    const api = apis.get(header.apiKey);
    if (api === undefined || !within(api.valid, header.apiVersion)) throw new UnsupportedApiError(header);
    const flexible = within(api.flexible, header.apiVersion);
    try {
      return decodeMessage(api.def.request, header.apiVersion, flexible, new Reader(frame, header.headerBytes));
    } catch (e) {
      if (e instanceof DecodeError) throw new DecodeError(e.reason, e.offset, `${api.def.name} v${header.apiVersion} request`);
      throw e;
    }
  };

  const decodeRequest = (frame: Buffer): DecodedRequest => {
    const header = decodeRequestHeader(frame);
    return { header, body: decodeRequestBody(header, frame) };
  };

  const encodeResponse = (apiKey: number, apiVersion: number, correlationId: number, body: Struct): Buffer[] => {
    const api = apiFor(apiKey, apiVersion);
    const flexible = within(api.flexible, apiVersion);
    const w = new Writer();
    w.int32(0); // size, patched below
    writeResponseHeader(w, correlationId, responseHeaderVersion(apiKey, flexible));
    encodeMessage(api.def.response, apiVersion, flexible, body, w);
    return withSize(w);
  };

  const encodeRequest = (
    apiKey: number,
    apiVersion: number,
    correlationId: number,
    clientId: string | null,
    body: Struct,
  ): Buffer[] => {
    const api = apiFor(apiKey, apiVersion);
    const flexible = within(api.flexible, apiVersion);
    const w = new Writer();
    w.int32(0); // size, patched below
    writeRequestHeader(w, apiKey, apiVersion, correlationId, clientId, flexible);
    encodeMessage(api.def.request, apiVersion, flexible, body, w);
    return withSize(w);
  };

  const decodeResponse = (apiKey: number, apiVersion: number, frame: Buffer): DecodedResponse => {
    const api = apiFor(apiKey, apiVersion);
    const flexible = within(api.flexible, apiVersion);
    const r = new Reader(frame);
    const correlationId = readResponseHeader(r, responseHeaderVersion(apiKey, flexible));
    return { correlationId, body: decodeMessage(api.def.response, apiVersion, flexible, r) };
  };

  return { decodeRequestHeader, decodeRequest, decodeRequestBody, encodeResponse, encodeRequest, decodeResponse };
}

/** The size prefix is always inside the first chunk: nothing precedes it. */
function withSize(w: Writer): Buffer[] {
  const chunks = w.finish();
  chunks[0]!.writeInt32BE(w.length - 4, 0);
  return chunks;
}
