import { Args } from '@oclif/core';
import { KgoCommand } from '../../cli/index.js';

export default class ProfileDelete extends KgoCommand<{ deleted: string }> {
  static override summary = 'Delete a profile.';
  static override description = 'Deleting the active profile leaves no profile active.';
  static override examples = ['<%= config.bin %> <%= command.id %> old-cluster'];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: 'Profile name.', required: true }) };

  async run(): Promise<{ deleted: string }> {
    const { args } = await this.parse(ProfileDelete);
    const { deleteProfile } = await import('../../client/index.js');
    deleteProfile(args.name);
    this.log(`Deleted profile "${args.name}".`);
    return { deleted: args.name };
  }
}
