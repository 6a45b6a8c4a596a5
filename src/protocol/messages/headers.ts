import { field, type FieldDef } from '../schema.js';
import type { FieldSetVersions } from './field-set.js';

// The request header keeps ClientId in the classic int16-length form even in
// flexible versions, so a broker can read the header of any ApiVersions request.

/** RequestHeader: versions 0-2, flexible 2+. */
export const requestHeaderVersions: FieldSetVersions = { valid: '0-2', flexible: '2+' };

export const requestHeader: FieldDef[] = [
  field('requestApiKey', 'int16', '0+'),
  field('requestApiVersion', 'int16', '0+'),
  field('correlationId', 'int32', '0+'),
  field('clientId', 'string', '1+', { nullable: '1+', flexible: 'none' }),
];

/** ResponseHeader: versions 0-1, flexible 1+. */
export const responseHeaderVersions: FieldSetVersions = { valid: '0-1', flexible: '1+' };

export const responseHeader: FieldDef[] = [
  field('correlationId', 'int32', '0+'),
];
