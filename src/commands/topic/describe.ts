import { Args } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';
import type { TopicDescription } from '../../client/index.js';

export default class TopicDescribe extends KgoCommand<TopicDescription> {
  static override summary = 'Show a topic\'s partitions, offsets and configs.';
  static override description =
    'For each partition: leader, replicas, in-sync replicas, log start offset and high watermark. Configs ' +
    'are those set on the topic itself. JSON: {"name","partitions":[{"partition","leader","replicas","isr",' +
    '"low","high"}],"configs":{"key":"value"}}.';
  static override examples = ['<%= config.bin %> <%= command.id %> orders', '<%= config.bin %> <%= command.id %> orders --json'];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: 'Topic name.', required: true }) };
  static override flags = { ...connectionFlags };

  async run(): Promise<TopicDescription> {
    const { args, flags } = await this.parse(TopicDescribe);
    const client = await import('../../client/index.js');
    const topic = await client.withAdmin({ ...flags }, (admin) => client.describeTopic(admin, args.name));
    this.log(client.renderTopicDescription(topic));
    return topic;
  }
}
