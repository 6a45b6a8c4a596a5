/**
 * The one piece of the consumer protocol the coordinator reads: the topics of
 * a ConsumerProtocolSubscription (int16 version, [string] topics, ...), so
 * OffsetDelete can refuse to delete offsets of topics a member subscribes to.
 * Everything else in member metadata stays opaque to the broker.
 */

/** Undefined when the bytes are not a readable subscription. */
export function decodeSubscriptionTopics(metadata: Buffer): string[] | undefined {
  if (metadata.length < 6) return undefined;
  const version = metadata.readInt16BE(0);
  if (version < 0) return undefined;
  const count = metadata.readInt32BE(2);
  if (count < 0 || count * 2 > metadata.length - 6) return undefined;
  const topics: string[] = [];
  let pos = 6;
  for (let i = 0; i < count; i++) {
    if (pos + 2 > metadata.length) return undefined;
    const len = metadata.readInt16BE(pos);
    pos += 2;
    if (len < 0 || pos + len > metadata.length) return undefined;
    topics.push(metadata.toString('utf8', pos, pos + len));
    pos += len;
  }
  return topics;
}
