import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';
import { UsageError } from '../../common/index.js';

export default class TopicAlterConfig extends KgoCommand<{ name: string; configs: Record<string, string> }> {
  static override summary = 'Set or remove configs on a topic.';
  static override description =
    'Configs not named keep their values. A removed config falls back to the broker default. Prints (and with ' +
    '--json returns) the configs set on the topic afterwards: {"name","configs":{"key":"value"}}.';
  static override examples = [
    { description: 'Keep records for a day', command: '<%= config.bin %> <%= command.id %> orders --set retention.ms=86400000' },
    { description: 'Back to the broker default', command: '<%= config.bin %> <%= command.id %> orders --delete retention.ms' },
  ];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: 'Topic name.', required: true }) };
  static override flags = {
    ...connectionFlags,
    set: Flags.string({ summary: 'Config key=value to set (repeatable).', multiple: true }),
    delete: Flags.string({ summary: 'Config key to remove (repeatable).', multiple: true }),
  };

  async run(): Promise<{ name: string; configs: Record<string, string> }> {
    const { args, flags } = await this.parse(TopicAlterConfig);
    const client = await import('../../client/index.js');
    const set = client.parseConfigPairs(flags.set ?? []);
    const remove = flags.delete ?? [];
    if (Object.keys(set).length === 0 && remove.length === 0) {
      throw new UsageError('nothing to change', 'pass --set key=value and/or --delete key');
    }
    const result = await client.withAdmin({ ...flags }, (admin) => client.alterTopicConfig(admin, args.name, { set, delete: remove }));
    this.log(client.renderConfigs(result.name, result.configs));
    return result;
  }
}
