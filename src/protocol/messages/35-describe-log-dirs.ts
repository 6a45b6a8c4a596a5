import { field, message } from '../schema.js';

/** DescribeLogDirs (API key 35): versions 0-4, flexible from v2. */
export default message({
  apiKey: 35,
  name: 'DescribeLogDirs',
  valid: '0-4',
  flexible: '2+',
  request: [
    field('topics', '[]struct', '0+', {
      // DescribableLogDirTopic
      nullable: '0+',
      fields: [
        field('topic', 'string', '0+'),
        field('partitions', '[]int32', '0+'),
      ],
    }),
  ],
  response: [
    field('throttleTimeMs', 'int32', '0+'),
    field('errorCode', 'int16', '3+'),
    field('results', '[]struct', '0+', {
      // DescribeLogDirsResult
      fields: [
        field('errorCode', 'int16', '0+'),
        field('logDir', 'string', '0+'),
        field('topics', '[]struct', '0+', {
          // DescribeLogDirsTopic
          fields: [
            field('name', 'string', '0+'),
            field('partitions', '[]struct', '0+', {
              // DescribeLogDirsPartition
              fields: [
                field('partitionIndex', 'int32', '0+'),
                field('partitionSize', 'int64', '0+'),
                field('offsetLag', 'int64', '0+'),
                field('isFutureKey', 'bool', '0+'),
              ],
            }),
          ],
        }),
        field('totalBytes', 'int64', '4+', { default: -1 }),
        field('usableBytes', 'int64', '4+', { default: -1 }),
      ],
    }),
  ],
});
