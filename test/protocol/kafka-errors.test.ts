import { describe, expect, it } from 'vitest';
import { ErrorCode, errorName, isRetriable, KAFKA_ERRORS, kafkaError } from '../../src/protocol/kafka-errors.js';

describe('Kafka error table', () => {
  it('covers every code from -1 to 128 exactly once', () => {
    const codes = KAFKA_ERRORS.map((e) => e.code);
    expect(codes).toEqual(Array.from({ length: 130 }, (_, i) => i - 1));
    expect(new Set(KAFKA_ERRORS.map((e) => e.name)).size).toBe(KAFKA_ERRORS.length);
    for (const e of KAFKA_ERRORS) expect(e.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it('names the codes kgo answers with', () => {
    expect(ErrorCode.NONE).toBe(0);
    expect(ErrorCode.UNKNOWN_SERVER_ERROR).toBe(-1);
    expect(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).toBe(3);
    expect(ErrorCode.NOT_LEADER_OR_FOLLOWER).toBe(6);
    expect(ErrorCode.NOT_COORDINATOR).toBe(16);
    expect(ErrorCode.REBALANCE_IN_PROGRESS).toBe(27);
    expect(ErrorCode.UNSUPPORTED_VERSION).toBe(35);
    expect(ErrorCode.TOPIC_ALREADY_EXISTS).toBe(36);
    expect(ErrorCode.INVALID_REQUEST).toBe(42);
    expect(ErrorCode.MEMBER_ID_REQUIRED).toBe(79);
    expect(ErrorCode.INVALID_RECORD).toBe(87);
    expect(ErrorCode.UNKNOWN_TOPIC_ID).toBe(100);
    expect(ErrorCode.INVALID_REGULAR_EXPRESSION).toBe(128);
  });

  it('knows which errors clients retry', () => {
    expect(isRetriable(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)).toBe(true);
    expect(isRetriable(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS)).toBe(true);
    expect(isRetriable(ErrorCode.NOT_ENOUGH_REPLICAS)).toBe(true);
    expect(isRetriable(ErrorCode.TOPIC_ALREADY_EXISTS)).toBe(false);
    expect(isRetriable(ErrorCode.UNKNOWN_MEMBER_ID)).toBe(false);
    expect(isRetriable(ErrorCode.NONE)).toBe(false);
  });

  it('maps unknown codes to UNKNOWN_SERVER_ERROR', () => {
    expect(kafkaError(3).name).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(kafkaError(3).message).toBe('This server does not host this topic-partition.');
    expect(kafkaError(9999).name).toBe('UNKNOWN_SERVER_ERROR');
    expect(errorName(9999)).toBe('UNKNOWN_ERROR_9999');
  });
});
