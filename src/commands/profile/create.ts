import { Args, Flags } from '@oclif/core';
import { KgoCommand, SASL_MECHANISMS } from '../../cli/index.js';

export interface ProfileCreateResult {
  name: string;
  brokers: string[];
  active: boolean;
}

export default class ProfileCreate extends KgoCommand<ProfileCreateResult> {
  static override summary = 'Save connection settings under a name.';
  static override description =
    'Profiles live in $XDG_CONFIG_HOME/kgo/config.json (~/.config/kgo/config.json by default). ' +
    'Client commands use the active profile for every setting not given by a flag or a KGO_* variable. ' +
    'Creating a profile that exists replaces it.';
  static override examples = [
    { description: 'A local broker, made the active profile', command: '<%= config.bin %> <%= command.id %> local -b localhost:9092 --use' },
    {
      description: 'A cluster with SASL/SCRAM over TLS',
      command: '<%= config.bin %> <%= command.id %> prod -b kafka1:9093,kafka2:9093 --tls --sasl-mechanism scram-sha-512 --sasl-username app --sasl-password "$PASS"',
    },
  ];
  static override enableJsonFlag = true;
  static override args = { name: Args.string({ description: 'Profile name.', required: true }) };
  static override flags = {
    brokers: Flags.string({ char: 'b', summary: 'Bootstrap brokers, comma-separated host:port.', required: true }),
    'client-id': Flags.string({ summary: 'Client id sent to the brokers.' }),
    'sasl-mechanism': Flags.option({ summary: 'SASL mechanism.', options: SASL_MECHANISMS })(),
    'sasl-username': Flags.string({ summary: 'SASL user name.' }),
    'sasl-password': Flags.string({ summary: 'SASL password (stored in the config file, readable by you only).' }),
    tls: Flags.boolean({ summary: 'Connect with TLS.' }),
    'tls-ca': Flags.string({ summary: 'PEM file with the CA certificates to trust.' }),
    'tls-cert': Flags.string({ summary: 'PEM file with the client certificate.' }),
    'tls-key': Flags.string({ summary: 'PEM file with the client private key.' }),
    use: Flags.boolean({ summary: 'Make it the active profile.' }),
  };

  async run(): Promise<ProfileCreateResult> {
    const { args, flags } = await this.parse(ProfileCreate);
    const { createProfile } = await import('../../client/index.js');
    const result = createProfile(args.name, {
      brokers: flags.brokers,
      clientId: flags['client-id'],
      saslMechanism: flags['sasl-mechanism'],
      saslUsername: flags['sasl-username'],
      saslPassword: flags['sasl-password'],
      tls: flags.tls,
      tlsCa: flags['tls-ca'],
      tlsCert: flags['tls-cert'],
      tlsKey: flags['tls-key'],
      use: flags.use,
    });
    this.log(`Profile "${args.name}" saved${result.active ? ' and active' : ''}.`);
    return result;
  }
}
