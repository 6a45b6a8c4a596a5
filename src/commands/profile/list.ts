import { KgoCommand } from '../../cli/index.js';

export interface ProfileListEntry {
  name: string;
  active: boolean;
  brokers: string[];
  clientId?: string;
  sasl?: string;
  tls: boolean;
}

export default class ProfileList extends KgoCommand<ProfileListEntry[]> {
  static override summary = 'List connection profiles.';
  static override description = 'The active profile is marked with "*". Passwords are never shown.';
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];
  static override enableJsonFlag = true;

  async run(): Promise<ProfileListEntry[]> {
    await this.parse(ProfileList);
    const { listProfiles, configPath } = await import('../../client/index.js');
    const entries = listProfiles();
    if (entries.length === 0) {
      this.log(`No profiles in ${configPath()}. Create one with: kgo profile create NAME -b HOST:PORT`);
      return entries;
    }
    for (const p of entries) {
      const extras = [p.sasl ? `sasl=${p.sasl}` : '', p.tls ? 'tls' : ''].filter(Boolean).join(' ');
      this.log(`${p.active ? '*' : ' '} ${p.name}\t${p.brokers.join(',')}${extras ? `\t${extras}` : ''}`);
    }
    return entries;
  }
}
