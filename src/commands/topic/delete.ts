import { Args } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';

export default class TopicDelete extends KgoCommand<{ deleted: string[] }> {
  static override summary = 'Delete one or more topics and all their records.';
  static override description =
    'Nothing is deleted if any of the named topics does not exist (exit status 1). JSON: {"deleted":["name",...]}.';
  static override examples = ['<%= config.bin %> <%= command.id %> orders', '<%= config.bin %> <%= command.id %> scratch-1 scratch-2'];
  static override enableJsonFlag = true;
  static override strict = false;
  static override args = { name: Args.string({ description: 'Topic name(s).', required: true }) };
  static override flags = { ...connectionFlags };

  async run(): Promise<{ deleted: string[] }> {
    const { argv, flags } = await this.parse(TopicDelete);
    const names = argv as string[];
    const client = await import('../../client/index.js');
    const result = await client.withAdmin({ ...flags }, (admin) => client.deleteTopics(admin, names));
    this.log(`Deleted ${result.deleted.join(', ')}.`);
    return result;
  }
}
