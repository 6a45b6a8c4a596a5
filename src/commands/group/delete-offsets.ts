import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';
import type { OffsetDeleteResult } from '../../client/index.js';

interface DeleteOffsetsResult {
  groupId: string;
  topic: string;
  partitions: OffsetDeleteResult[];
}

export default class GroupDeleteOffsets extends KgoCommand<DeleteOffsetsResult> {
  static override summary = 'Forget a consumer group\'s committed offsets on one topic.';
  static override description =
    'Uses Kafka\'s OffsetDelete. The broker refuses while members of the group are subscribed to the topic. ' +
    'JSON: {"groupId","topic","partitions":[{"partition","error"}]} (error is null when deleted).';
  static override examples = ['<%= config.bin %> <%= command.id %> billing --topic orders'];
  static override enableJsonFlag = true;
  static override args = { group: Args.string({ description: 'Group id.', required: true }) };
  static override flags = {
    ...connectionFlags,
    topic: Flags.string({ char: 't', summary: 'Topic whose offsets are forgotten.', required: true }),
  };

  async run(): Promise<DeleteOffsetsResult> {
    const { args, flags } = await this.parse(GroupDeleteOffsets);
    const client = await import('../../client/index.js');
    const result = await client.withAdmin({ ...flags }, (admin, kafka) =>
      client.deleteGroupOffsets(kafka, admin, args.group, flags.topic),
    );
    const failed = result.partitions.filter((p) => p.error !== null);
    this.log(`Deleted offsets of group ${result.groupId} on ${result.topic} for ${result.partitions.length - failed.length} partition(s).`);
    for (const p of failed) this.log(`  partition ${p.partition}: ${p.error}`);
    if (failed.length > 0) process.exitCode = 1;
    return result;
  }
}
