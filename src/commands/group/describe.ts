import { Args } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';
import type { GroupDescription } from '../../client/index.js';

export default class GroupDescribe extends KgoCommand<GroupDescription> {
  static override summary = 'Show a consumer group\'s members, committed offsets and lag.';
  static override description =
    'Lag is the high watermark minus the committed offset, per partition; partitions assigned but never ' +
    'committed show "-" and do not count in the total. JSON: {"groupId","state","protocolType","protocol",' +
    '"members":[{"memberId","clientId","host","assignment":[{"topic","partitions"}]}],"partitions":[{"topic",' +
    '"partition","committed","logEnd","lag","owner"}],"totalLag"} (committed, lag, owner may be null).';
  static override examples = [
    '<%= config.bin %> <%= command.id %> billing',
    { description: 'Total lag, for a health check', command: '<%= config.bin %> <%= command.id %> billing --json | jq .totalLag' },
  ];
  static override enableJsonFlag = true;
  static override args = { group: Args.string({ description: 'Group id.', required: true }) };
  static override flags = { ...connectionFlags };

  async run(): Promise<GroupDescription> {
    const { args, flags } = await this.parse(GroupDescribe);
    const client = await import('../../client/index.js');
    const group = await client.withAdmin({ ...flags }, (admin) => client.describeGroup(admin, args.group));
    this.log(client.renderGroupDescription(group));
    return group;
  }
}
