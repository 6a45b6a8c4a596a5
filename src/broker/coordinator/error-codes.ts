/** The coordinator answers with Kafka's own error table. */
export { ErrorCode } from '../../protocol/index.js';
