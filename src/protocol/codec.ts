/**
 * The protocol codec: the generic schema interpreter (struct-codec.ts) and
 * whole-frame encoding and decoding bound to kgo's message registry.
 *
 * - `decodeRequestHeader(frame)` reads the api key and version first, then
 *   header v2 when that version is flexible for the API (v1 otherwise, and for
 *   unknown keys). Frames here never include the 4-byte size prefix.
 * - `decodeRequest(frame)` throws `UnsupportedApiError` (carrying the header,
 *   so the caller can still answer ApiVersions) for an unknown key or version.
 * - `encodeResponse` / `encodeRequest` return the chunks of a whole frame
 *   INCLUDING the size prefix, ready for one writev.
 */
import { messages } from './messages/index.js';
import { createRequestCodec } from './request-codec.js';

export { decodeMessage, encodeMessage, structPlan, type Struct, type StructPlan } from './struct-codec.js';
export {
  createRequestCodec,
  UnsupportedApiError,
  type DecodedRequest,
  type DecodedResponse,
  type RequestCodec,
} from './request-codec.js';

const kgoCodec = createRequestCodec(messages);

export const decodeRequestHeader = kgoCodec.decodeRequestHeader;
export const decodeRequest = kgoCodec.decodeRequest;
export const decodeRequestBody = kgoCodec.decodeRequestBody;
export const encodeResponse = kgoCodec.encodeResponse;
export const encodeRequest = kgoCodec.encodeRequest;
export const decodeResponse = kgoCodec.decodeResponse;
