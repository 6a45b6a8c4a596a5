import { Args, Flags } from '@oclif/core';
import { connectionFlags, KgoCommand } from '../../cli/index.js';

export default class TopicAddPartitions extends KgoCommand<{ name: string; before: number; after: number }> {
  static override summary = 'Grow a topic to more partitions.';
  static override description =
    '-n is the new total, as with Kafka\'s own tools; partitions are never removed. Records already written ' +
    'stay where they are, so keys may map to other partitions from now on. JSON: {"name","before","after"}.';
  static override examples = [{ description: 'From 3 partitions to 6', command: '<%= config.bin %> <%= command.id %> orders -n 6' }];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: 'Topic name.', required: true }) };
  static override flags = {
    ...connectionFlags,
    count: Flags.integer({ char: 'n', summary: 'New total number of partitions.', required: true, min: 1 }),
  };

  async run(): Promise<{ name: string; before: number; after: number }> {
    const { args, flags } = await this.parse(TopicAddPartitions);
    const client = await import('../../client/index.js');
    const result = await client.withAdmin({ ...flags }, (admin) => client.addPartitions(admin, args.name, flags.count));
    this.log(`Topic ${result.name} now has ${result.after} partitions (was ${result.before}).`);
    return result;
  }
}
