import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';
import type { TopicSummary } from '../../client/index.js';

export default class TopicCreate extends KgoCommand<TopicSummary> {
  static override summary = 'Create a topic.';
  static override description =
    'Fails with exit status 1 if the topic already exists. Configs use Kafka\'s names (retention.ms, ' +
    'cleanup.policy, segment.bytes, ...). JSON: {"name","partitions","replicationFactor"}.';
  static override examples = [
    { description: 'Six partitions', command: '<%= config.bin %> <%= command.id %> orders -p 6' },
    {
      description: 'A compacted topic keeping deleted keys for an hour',
      command: '<%= config.bin %> <%= command.id %> users -p 3 -c cleanup.policy=compact -c delete.retention.ms=3600000',
    },
  ];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: 'Topic name.', required: true }) };
  static override flags = {
    ...connectionFlags,
    partitions: Flags.integer({ char: 'p', summary: 'Number of partitions.', required: true, min: 1 }),
    'replication-factor': Flags.integer({ char: 'r', summary: 'Copies of each partition.', default: 1, min: 1 }),
    config: Flags.string({ char: 'c', summary: 'Topic config key=value (repeatable).', multiple: true }),
  };

  async run(): Promise<TopicSummary> {
    const { args, flags } = await this.parse(TopicCreate);
    const client = await import('../../client/index.js');
    const configs = client.parseConfigPairs(flags.config ?? []);
    const created = await client.withAdmin({ ...flags }, (admin) =>
      client.createTopic(admin, {
        name: args.name,
        partitions: flags.partitions,
        replicationFactor: flags['replication-factor'],
        configs,
      }),
    );
    this.log(`Created topic ${created.name} with ${created.partitions} partition(s).`);
    return created;
  }
}
