import { describe, expect, it } from 'vitest';
import { encodeUnsupportedApiVersionsResponse } from '../../src/protocol/api-versions-rule.js';
import { decodeRequest, decodeRequestHeader, decodeResponse, encodeRequest, encodeResponse } from '../../src/protocol/codec.js';
import { requestHeader } from '../../src/protocol/messages/index.js';
import { DecodeError, Reader } from '../../src/protocol/reader.js';
import { UnsupportedApiError } from '../../src/protocol/request-codec.js';
import { decodeMessage } from '../../src/protocol/struct-codec.js';
import { concatChunks } from '../../src/protocol/writer.js';

const hex = (chunks: Buffer[] | Buffer) => (Buffer.isBuffer(chunks) ? chunks : concatChunks(chunks)).toString('hex');

describe('request and response headers', () => {
  it('reads header v1 for a non-flexible version (Metadata v1)', () => {
    const frame = Buffer.from('0003' + '0001' + '0000002a' + '0003' + '6b676f' + 'ffffffff', 'hex');
    const header = { apiKey: 3, apiVersion: 1, correlationId: 42, clientId: 'kgo', headerBytes: 13 };
    expect(decodeRequestHeader(frame)).toEqual(header);
    expect(decodeRequest(frame).body.topics).toBeNull();
  });

  it('reads header v2 (tags after a classic client id) for a flexible version', () => {
    const frame = Buffer.from('0012' + '0003' + '00000007' + '0001' + '63' + '00' + '02' + '61' + '02' + '31' + '00', 'hex');
    const { header, body } = decodeRequest(frame);
    expect(header).toEqual({ apiKey: 18, apiVersion: 3, correlationId: 7, clientId: 'c', headerBytes: 12 });
    expect(body).toEqual({ clientSoftwareName: 'a', clientSoftwareVersion: '1' });
    // The schema's own header definition reads the same bytes the same way.
    expect(decodeMessage(requestHeader, 2, true, new Reader(frame))).toEqual({
      requestApiKey: 18,
      requestApiVersion: 3,
      correlationId: 7,
      clientId: 'c',
    });
  });

  it('reads a null client id as empty', () => {
    const frame = Buffer.from('0012' + '0000' + '00000001' + 'ffff', 'hex');
    expect(decodeRequestHeader(frame).clientId).toBe('');
  });

  it('throws DecodeError on a truncated header and UnsupportedApiError on unknown keys or versions', () => {
    expect(() => decodeRequestHeader(Buffer.from('0012', 'hex'))).toThrow(DecodeError);
    const unknownKey = Buffer.from('7fff' + '0000' + '00000001' + 'ffff', 'hex');
    expect(() => decodeRequest(unknownKey)).toThrow(UnsupportedApiError);
    const tooNew = Buffer.from('0012' + '0063' + '00000009' + 'ffff' + '00', 'hex');
    try {
      decodeRequest(tooNew);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UnsupportedApiError);
      expect((e as UnsupportedApiError).header).toMatchObject({ apiKey: 18, apiVersion: 99, correlationId: 9 });
    }
  });

  it('answers ApiVersions with header v0 even in flexible versions', () => {
    const apiKeys = [{ apiKey: 18, minVersion: 0, maxVersion: 4 }];
    const out = encodeResponse(18, 3, 5, { errorCode: 0, apiKeys, throttleTimeMs: 0 });
    expect(hex(out)).toBe('00000013' + '00000005' + '0000' + '02' + ('0012' + '0000' + '0004' + '00') + '00000000' + '00');
    expect(decodeResponse(18, 3, concatChunks(out).subarray(4)).body.apiKeys).toEqual(apiKeys);
  });

  it('uses response header v1 for other flexible versions and v0 otherwise', () => {
    const flexible = concatChunks(encodeResponse(12, 4, 6, { throttleTimeMs: 0, errorCode: 0 }));
    expect(hex(flexible)).toBe('0000000c' + '00000006' + '00' + '00000000' + '0000' + '00');
    const classic = concatChunks(encodeResponse(12, 0, 6, { errorCode: 16 }));
    expect(hex(classic)).toBe('00000006' + '00000006' + '0010');
  });

  it('writes request header v2 with the classic client id', () => {
    const frame = encodeRequest(12, 4, 1, 'c', { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null });
    expect(hex(frame)).toBe(
      '00000016' + '000c' + '0004' + '00000001' + '0001' + '63' + '00' + '0267' + '00000001' + '026d' + '00' + '00',
    );
  });
});

describe('the ApiVersions rule', () => {
  it('answers an unsupported version with error 35, a v0 body and header v0', () => {
    expect(hex(encodeUnsupportedApiVersionsResponse(0x01020304, 0, 4))).toBe(
      '00000010' + '01020304' + '0023' + '00000001' + '0012' + '0000' + '0004',
    );
    const decoded = decodeResponse(18, 0, concatChunks(encodeUnsupportedApiVersionsResponse(9, 0, 3)).subarray(4));
    expect(decoded.correlationId).toBe(9);
    expect(decoded.body).toMatchObject({ errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }] });
  });
});
