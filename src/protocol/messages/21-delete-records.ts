import { field, message } from '../schema.js';

/** DeleteRecords (API key 21): versions 0-2, flexible from v2. */
export default message({
  apiKey: 21,
  name: 'DeleteRecords',
  valid: '0-2',
  flexible: '2+',
  request: [
    field('topics', '[]struct', '0+', {
      // DeleteRecordsTopic
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // DeleteRecordsPartition
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('offset', 'int64', '0+'),
          ],
        }),
      ],
    }),
    field('timeoutMs', 'int32', '0+'),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('topics', '[]struct', '0+', {
      // DeleteRecordsTopicResult
      fields: [
        field('name', 'string', '0+'),
        field('partitions', '[]struct', '0+', {
          // DeleteRecordsPartitionResult
          fields: [
            field('partitionIndex', 'int32', '0+'),
            field('lowWatermark', 'int64', '0+'),
            field('errorCode', 'int16', '0+'),
          ],
        }),
      ],
    }),
  ],
});
