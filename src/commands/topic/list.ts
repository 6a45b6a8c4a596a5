import { Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';
import type { TopicSummary } from '../../client/index.js';

export default class TopicList extends KgoCommand<TopicSummary[]> {
  static override summary = 'List topics.';
  static override description =
    'Internal topics (names starting with "__", such as __consumer_offsets) are hidden unless --all is given. ' +
    'JSON: [{"name","partitions","replicationFactor"}], sorted by name.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --all --json',
    { description: 'Names only, for scripts', command: "<%= config.bin %> <%= command.id %> --json | jq -r '.[].name'" },
  ];
  static override enableJsonFlag = true;
  static override flags = {
    ...connectionFlags,
    all: Flags.boolean({ char: 'a', summary: 'Include internal topics.' }),
  };

  async run(): Promise<TopicSummary[]> {
    const { flags } = await this.parse(TopicList);
    const client = await import('../../client/index.js');
    const topics = await client.withAdmin({ ...flags }, (admin) => client.listTopics(admin, { includeInternal: flags.all }));
    this.log(client.renderTopicList(topics));
    return topics;
  }
}
