/**
 * The connection flags every client command shares, defined once. Each has
 * its KGO_* environment variable; what neither sets comes from the active
 * profile, then from the built-in default (see client/settings.ts).
 */
import { Flags } from '@oclif/core';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export const connectionFlags = {
  brokers: Flags.string({
    char: 'b',
    summary: 'Bootstrap brokers, comma-separated host:port.',
    env: 'KGO_BROKERS',
    helpGroup: 'CONNECTION',
  }),
  'client-id': Flags.string({
    summary: 'Client id sent to the brokers.',
    env: 'KGO_CLIENT_ID',
    helpGroup: 'CONNECTION',
  }),
  profile: Flags.string({
    summary: 'Connection profile to use (see `kgo profile`).',
    env: 'KGO_PROFILE',
    helpGroup: 'CONNECTION',
  }),
  'sasl-mechanism': Flags.option({
    summary: 'SASL mechanism.',
    options: SASL_MECHANISMS,
    env: 'KGO_SASL_MECHANISM',
    helpGroup: 'CONNECTION',
  })(),
  'sasl-username': Flags.string({
    summary: 'SASL user name.',
    env: 'KGO_SASL_USERNAME',
    helpGroup: 'CONNECTION',
  }),
  'sasl-password': Flags.string({
    summary: 'SASL password.',
    env: 'KGO_SASL_PASSWORD',
    helpGroup: 'CONNECTION',
  }),
  tls: Flags.boolean({
    summary: 'Connect with TLS.',
    env: 'KGO_TLS',
    allowNo: true,
    helpGroup: 'CONNECTION',
  }),
  'tls-ca': Flags.string({
    summary: 'PEM file with the CA certificates to trust.',
    env: 'KGO_TLS_CA',
    helpGroup: 'CONNECTION',
  }),
  'tls-cert': Flags.string({
    summary: 'PEM file with the client certificate.',
    env: 'KGO_TLS_CERT',
    helpGroup: 'CONNECTION',
  }),
  'tls-key': Flags.string({
    summary: 'PEM file with the client private key.',
    env: 'KGO_TLS_KEY',
    helpGroup: 'CONNECTION',
  }),
  timeout: Flags.integer({
    summary: 'Request timeout in milliseconds.',
    env: 'KGO_TIMEOUT',
    min: 1,
    helpGroup: 'CONNECTION',
  }),
};

/** The parsed values of `connectionFlags`, as a command receives them. */
export interface ConnectionFlagValues {
  brokers?: string;
  'client-id'?: string;
  profile?: string;
  'sasl-mechanism'?: SaslMechanism;
  'sasl-username'?: string;
  'sasl-password'?: string;
  tls?: boolean;
  'tls-ca'?: string;
  'tls-cert'?: string;
  'tls-key'?: string;
  timeout?: number;
}
