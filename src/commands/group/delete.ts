import { Args } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';

export default class GroupDelete extends KgoCommand<{ deleted: string[] }> {
  static override summary = 'Delete consumer groups and their committed offsets.';
  static override description = 'Only groups without members can be deleted. JSON: {"deleted":["group",...]}.';
  static override examples = ['<%= config.bin %> <%= command.id %> billing', '<%= config.bin %> <%= command.id %> old-1 old-2'];
  static override enableJsonFlag = true;
  static override strict = false;
  static override args = { group: Args.string({ description: 'Group id(s).', required: true }) };
  static override flags = { ...connectionFlags };

  async run(): Promise<{ deleted: string[] }> {
    const { argv, flags } = await this.parse(GroupDelete);
    const client = await import('../../client/index.js');
    const result = await client.withAdmin({ ...flags }, (admin) => client.deleteGroups(admin, argv as string[]));
    this.log(`Deleted group(s) ${result.deleted.join(', ')}.`);
    return result;
  }
}
