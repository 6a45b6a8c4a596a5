import { field, message } from '../schema.js';

/** WriteTxnMarkers (API key 27): versions 0-1, flexible from v1. */
export default message({
  apiKey: 27,
  name: 'WriteTxnMarkers',
  valid: '0-1',
  flexible: '1+',
  request: [
    field('markers', '[]struct', '0+', {
      // WritableTxnMarker
      fields: [
        field('producerId', 'int64', '0+'),
        field('producerEpoch', 'int16', '0+'),
        field('transactionResult', 'bool', '0+'),
        field('topics', '[]struct', '0+', {
          // WritableTxnMarkerTopic
          fields: [
            field('name', 'string', '0+'),
            field('partitionIndexes', '[]int32', '0+'),
          ],
        }),
        field('coordinatorEpoch', 'int32', '0+'),
      ],
    }),
  ],
  response: [
    field('markers', '[]struct', '0+', {
      // WritableTxnMarkerResult
      fields: [
        field('producerId', 'int64', '0+'),
        field('topics', '[]struct', '0+', {
          // WritableTxnMarkerTopicResult
          fields: [
            field('name', 'string', '0+'),
            field('partitions', '[]struct', '0+', {
              // WritableTxnMarkerPartitionResult
              fields: [
                field('partitionIndex', 'int32', '0+'),
                field('errorCode', 'int16', '0+'),
              ],
            }),
          ],
        }),
      ],
    }),
  ],
});
