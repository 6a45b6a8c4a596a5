/**
 * Broker configs: the static settings given to `kgo serve` (`-c`, `--config`)
 * under the dynamic ones altered at runtime with AlterConfigs on the broker
 * resource — for every broker (resource name "", Kafka's cluster default) or
 * for this one (its node id), the latter winning. Only settings marked
 * dynamic may be altered; the dynamic values live in
 * `<data-dir>/meta/broker-configs.json`, replaced atomically before a change
 * is acknowledged, and are applied at once: the settings object the broker
 * shares is updated in place and `onChange` re-applies topic defaults.
 */
import * as path from 'node:path';
import { writeFileAtomic, type FileSystem } from '../../storage/index.js';
import { brokerSettingDefs, brokerSettingProblem, resolveBrokerSettings, type BrokerSettings } from '../config.js';
import { ConfigSource } from './topic-configs.js';

export type DynamicScope = 'default' | 'broker';

interface DynamicFile {
  version: 1;
  default: Record<string, string>;
  broker: Record<string, string>;
}

export interface ConfigValue {
  value: string;
  source: number;
}

const FILE = 'broker-configs.json';

export class BrokerConfigs {
  readonly settings: BrokerSettings;
  onChange: () => void = () => {};
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly fs: FileSystem,
    private readonly file: string,
    readonly given: Readonly<Record<string, string>>,
    private dynamic: DynamicFile,
  ) {
    this.settings = resolveBrokerSettings(this.merged());
  }

  static async open(fs: FileSystem, dataDir: string, given: Record<string, string>): Promise<BrokerConfigs> {
    const dir = path.join(dataDir, 'meta');
    fs.mkdirSync(dir);
    const file = path.join(dir, FILE);
    let dynamic: DynamicFile = { version: 1, default: {}, broker: {} };
    if (fs.existsSync(file)) {
      try {
        dynamic = JSON.parse(fs.readFileSync(file).toString('utf8')) as DynamicFile;
      } catch {
        throw new Error(`the broker config file ${file} is not valid JSON; it is written atomically, so something else changed it`);
      }
    }
    return new BrokerConfigs(fs, file, { ...given }, dynamic);
  }

  /** The dynamic values of one scope. */
  dynamicValues(scope: DynamicScope): Readonly<Record<string, string>> {
    return this.dynamic[scope];
  }

  /** Every level at which `name` is set, the effective one first (DescribeConfigs' synonyms). */
  levels(name: string): ConfigValue[] {
    const out: ConfigValue[] = [];
    const add = (value: string | undefined, source: number) => value !== undefined && out.push({ value, source });
    add(this.dynamic.broker[name], ConfigSource.dynamicBroker);
    add(this.dynamic.default[name], ConfigSource.dynamicDefaultBroker);
    add(this.given[name], ConfigSource.staticBroker);
    add(brokerSettingDefs[name]?.default, ConfigSource.default);
    return out;
  }

  /** Why `name` cannot be set to `value` dynamically (naming the key and what is allowed), or undefined. */
  problem(name: string, value: string | null): string | undefined {
    const def = brokerSettingDefs[name];
    if (!def) return `unknown broker config ${name}`;
    if (!def.dynamic) return `${name} is read-only at runtime: restart kgo serve with -c ${name}=<value>`;
    return value === null ? undefined : brokerSettingProblem(name, value);
  }

  /** Replaces the dynamic values of `scope` (validated by the caller), persists them, applies them. */
  async replace(scope: DynamicScope, values: Record<string, string>): Promise<void> {
    const next: DynamicFile = { ...this.dynamic, [scope]: { ...values } };
    resolveBrokerSettings(this.merged(next)); // throws before anything changes
    const write = this.writing.then(() => writeFileAtomic(this.fs, this.file, JSON.stringify(next, null, 2)));
    this.writing = write.catch(() => undefined);
    await write;
    this.dynamic = next;
    Object.assign(this.settings, resolveBrokerSettings(this.merged()));
    this.onChange();
  }

  private merged(dynamic = this.dynamic): Record<string, string> {
    return { ...this.given, ...dynamic.default, ...dynamic.broker };
  }
}

const registry = new WeakMap<object, BrokerConfigs>();

/** Ties the broker configs to a broker core, where the config handlers find them. */
export function registerBrokerConfigs(broker: object, configs: BrokerConfigs): void {
  registry.set(broker, configs);
}

export function brokerConfigsOf(broker: object): BrokerConfigs | undefined {
  return registry.get(broker);
}
