import { connectionFlags, KgoCommand } from '../../cli/index.js';
import type { GroupSummary } from '../../client/index.js';

export default class GroupList extends KgoCommand<GroupSummary[]> {
  static override summary = 'List consumer groups.';
  static override description =
    'With each group\'s state (Empty, Stable, PreparingRebalance, ...) and member count. ' +
    'JSON: [{"groupId","protocolType","state","members"}], sorted by group id.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];
  static override enableJsonFlag = true;
  static override flags = { ...connectionFlags };

  async run(): Promise<GroupSummary[]> {
    const { flags } = await this.parse(GroupList);
    const client = await import('../../client/index.js');
    const groups = await client.withAdmin({ ...flags }, (admin) => client.listGroups(admin));
    this.log(client.renderGroupList(groups));
    return groups;
  }
}
