import { Args } from '@oclif/core';
import { KgoCommand } from '../../cli/index.js';

export default class ProfileUse extends KgoCommand<{ active: string }> {
  static override summary = 'Make a profile the active one.';
  static override examples = ['<%= config.bin %> <%= command.id %> prod'];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: 'Profile name.', required: true }) };

  async run(): Promise<{ active: string }> {
    const { args } = await this.parse(ProfileUse);
    const { useProfile } = await import('../../client/index.js');
    useProfile(args.name);
    this.log(`Active profile: ${args.name}`);
    return { active: args.name };
  }
}
