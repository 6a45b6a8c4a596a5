import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';
import type { ResetPlan } from '../../client/index.js';

export default class GroupReset extends KgoCommand<ResetPlan> {
  static override summary = 'Move a consumer group\'s committed offsets on a topic.';
  static override description =
    'Shows what would change unless --execute is given. Refused while the group has members: stop its ' +
    'consumers first. Targets: earliest, latest, offset:N, datetime:TIME (ISO date, epoch ms or -1h), ' +
    'shift:+N / shift:-N (from the committed offset). Offsets are capped to what each partition holds. ' +
    'JSON: {"groupId","topic","executed","partitions":[{"partition","current","target","note"?}]}.';
  static override examples = [
    { description: 'See where the offsets would go', command: '<%= config.bin %> <%= command.id %> billing --topic orders --to earliest' },
    { description: 'Re-read the last hour', command: '<%= config.bin %> <%= command.id %> billing --topic orders --to datetime:-1h --execute' },
    { description: 'Skip 100 records on every partition', command: '<%= config.bin %> <%= command.id %> billing --topic orders --to shift:+100 --execute' },
  ];
  static override enableJsonFlag = true;
  static override args = { group: Args.string({ description: 'Group id.', required: true }) };
  static override flags = {
    ...connectionFlags,
    topic: Flags.string({ char: 't', summary: 'Topic whose offsets move.', required: true }),
    to: Flags.string({ summary: 'earliest | latest | offset:N | datetime:TIME | shift:+-N', required: true }),
    'dry-run': Flags.boolean({ summary: 'Only show the new offsets (the default).', exclusive: ['execute'] }),
    execute: Flags.boolean({ summary: 'Commit the new offsets.', exclusive: ['dry-run'] }),
  };

  async run(): Promise<ResetPlan> {
    const { args, flags } = await this.parse(GroupReset);
    const client = await import('../../client/index.js');
    const target = client.parseResetTarget(flags.to, Date.now());
    const plan = await client.withAdmin({ ...flags }, (admin, kafka) =>
      client.resetGroupOffsets(kafka, admin, { groupId: args.group, topic: flags.topic, target, execute: Boolean(flags.execute) }),
    );
    this.log(client.renderResetPlan(plan));
    return plan;
  }
}
