/**
 * The version range of a field list that is not an API body: the request and
 * response headers and the consumer-protocol payloads carry their own version
 * numbers, independent of the API they travel in.
 */
export interface FieldSetVersions {
  /** Every version Kafka defines, e.g. "0-2". */
  valid: string;
  /** First flexible version onwards, e.g. "2+", or "none". */
  flexible: string;
}
