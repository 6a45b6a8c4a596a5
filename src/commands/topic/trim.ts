import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';
import type { TrimResult } from '../../client/index.js';

export default class TopicTrim extends KgoCommand<TrimResult> {
  static override summary = 'Delete the records before an offset or a time.';
  static override description =
    'Moves each partition\'s log start offset up (Kafka\'s DeleteRecords); readers starting from the beginning ' +
    'then start there. --before takes an offset (applied to every partition, capped at its end) or a time ' +
    '(ISO date, epoch ms with time:, or -2h, -7d...). JSON: {"name","deleted","partitions":[{"partition",' +
    '"lowBefore","lowAfter","high"}]}.';
  static override examples = [
    { description: 'Drop the first 1000 offsets of every partition', command: '<%= config.bin %> <%= command.id %> orders --before 1000' },
    { description: 'Drop everything older than a week', command: '<%= config.bin %> <%= command.id %> orders --before -7d' },
    { description: 'Empty partition 2', command: '<%= config.bin %> <%= command.id %> orders --before now --partition 2' },
  ];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: 'Topic name.', required: true }) };
  static override flags = {
    ...connectionFlags,
    before: Flags.string({ summary: 'Offset or time: records before it are deleted.', required: true }),
    partition: Flags.integer({ char: 'p', summary: 'Only this partition (repeatable).', multiple: true, min: 0 }),
  };

  async run(): Promise<TrimResult> {
    const { args, flags } = await this.parse(TopicTrim);
    const client = await import('../../client/index.js');
    const before = client.parseTrimPoint(flags.before, Date.now());
    const result = await client.withAdmin({ ...flags }, (admin) => client.trimTopic(admin, args.name, before, flags.partition));
    this.log(client.renderTrim(result));
    return result;
  }
}
