/**
 * produce, consume and tail end to end: the compiled CLI as a child process
 * against a real kgo broker in this process, cross-checked with kcat
 * (librdkafka, an independent Kafka client) and kafkajs.
 */
import { execFile } from 'node:child_process';
import kafkajs, { type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../src/broker/index.js';
import { requireBuild, runKgo, runShell, type KgoRunOptions } from './kgo-process.js';
import { hasKcat } from '../support/interop.js';

let broker: RunningBroker;
let admin: Admin;

beforeAll(async () => {
  requireBuild();
  broker = await startBroker({ port: 0, log: () => undefined });
  admin = new kafkajs.Kafka({ brokers: [broker.bootstrap], logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await broker?.close();
});

const kgo = (args: string[], opts?: KgoRunOptions) => runKgo([...args, '-b', broker.bootstrap], opts);

async function kgoOk(args: string[], opts?: KgoRunOptions): Promise<string> {
  const r = await kgo(args, opts);
  if (r.code !== 0) throw new Error(`kgo ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

function kcat(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('kcat', ['-b', broker.bootstrap, '-q', ...args], { timeout: 20_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kcat ${args.join(' ')}: ${stderr || err.message}`));
      else resolve(stdout);
    });
    child.stdin?.end(input ?? '');
  });
}

async function createTopic(topic: string, numPartitions: number): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
}

describe('pipes', () => {
  it('100,000 lines go through produce and come back in order from consume -e', async () => {
    const input = Array.from({ length: 100_000 }, (_, i) => `line ${i}`).join('\n') + '\n';
    await kgoOk(['produce', 'lines'], { input });
    expect(await kgoOk(['consume', 'lines', '-e'])).toBe(input);
  });

  it('consume | head ends quietly with status 0', async () => {
    // More than a pipe buffer holds, so consume is still writing when head leaves.
    // (A consumer idle at the end of the log only notices at its next write, as kcat does.)
    const input = Array.from({ length: 20_000 }, (_, i) => `r${i} ${'.'.repeat(100)}`).join('\n');
    await kgoOk(['produce', 'headed'], { input });
    const r = await runShell(`$KGO consume headed -b ${broker.bootstrap} | head -n 3; echo "status=\${PIPESTATUS[0]}"`);
    expect(r.stdout).toBe(`${input.split('\n').slice(0, 3).join('\n')}\nstatus=0\n`);
    expect(r.stderr).toBe('');
  });

  it('-K splits keys, -H adds headers, and templates show every field', async () => {
    await kgoOk(['produce', 'templated', '-K', '\\t', '-H', 'app=kgo', '-H', 'v=2'], { input: 'alpha\tone\nbeta\ttwo\tmore\nnokey\n' });
    const out = await kgoOk(['consume', 'templated', '-e', '-f', '%t|%p|%o|%k|%v|%h|%K|%V\\n']);
    expect(out).toBe(
      'templated|0|0|alpha|one|app=kgo,v=2|5|3\n' +
        'templated|0|1|beta|two\tmore|app=kgo,v=2|4|8\n' +
        'templated|0|2||nokey|app=kgo,v=2|-1|5\n',
    );
    const times = (await kgoOk(['consume', 'templated', '-e', '-f', '%T %d\\n'])).trim().split('\n');
    for (const line of times) {
      const [ms, iso] = line.split(' ');
      expect(new Date(Number(ms)).toISOString()).toBe(iso);
    }
  });
});

describe('JSON lines', () => {
  const records = [
    { partition: 0, key: 'k0', value: 'v0', timestamp: 1_700_000_000_000, headers: [{ key: 'h', value: 'x' }] },
    { partition: 1, key: null, value: 'no key', timestamp: 1_700_000_000_001, headers: [] },
    { partition: 2, key: 'bin', value: '/wDD', valueEncoding: 'base64', timestamp: 1_700_000_000_002, headers: [] },
    { partition: 2, key: 'tomb', value: null, timestamp: 1_700_000_000_003, headers: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] },
  ];

  it('consume -f json | produce -f json --keep-partition copies records losslessly', async () => {
    await createTopic('json-src', 3);
    await createTopic('json-dst', 3);
    await kgoOk(['produce', 'json-src', '-f', 'json', '--keep-partition'], { input: records.map((r) => JSON.stringify(r)).join('\n') });
    const src = await kgoOk(['consume', 'json-src', '-e', '-f', 'json']);
    await kgoOk(['produce', 'json-dst', '-f', 'json', '--keep-partition'], { input: src });
    const dst = await kgoOk(['consume', 'json-dst', '-e', '-f', 'json']);

    const parse = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .sort((a, b) => a.partition - b.partition || a.offset - b.offset);
    const srcRecords = parse(src);
    expect(srcRecords.map(({ topic, offset, ...rest }) => rest)).toEqual(records);
    expect(parse(dst)).toEqual(srcRecords.map((r) => ({ ...r, topic: 'json-dst' })));
  });

  it.skipIf(!hasKcat())('says what kcat says about the same records', async () => {
    const ours = (await kgoOk(['consume', 'json-src', '-e', '-f', 'json'])).trim().split('\n').map((l) => JSON.parse(l));
    const theirs = (await kcat(['-C', '-t', 'json-src', '-e', '-J'])).trim().split('\n').map((l) => JSON.parse(l));
    const key = (r: { partition: number; offset: number }) => `${r.partition}/${r.offset}`;
    const byKey = new Map(theirs.map((t) => [key(t), t]));
    expect(theirs).toHaveLength(ours.length);
    for (const r of ours) {
      const t = byKey.get(key(r));
      expect(t, key(r)).toBeDefined();
      expect(t.ts).toBe(r.timestamp);
      expect(t.key).toBe(r.key);
      expect(t.headers ?? []).toEqual(r.headers.flatMap((h: { key: string; value: string }) => [h.key, h.value]));
      if (r.valueEncoding === undefined) expect(t.payload).toBe(r.value);
    }
  });
});

describe('compression', () => {
  it.skipIf(!hasKcat()).each(['gzip', 'snappy', 'lz4', 'zstd'])('%s: kcat reads what kgo writes and kgo reads what kcat writes', async (codec) => {
    const input = Array.from({ length: 200 }, (_, i) => `${codec} record ${i} ${'x'.repeat(i % 50)}`).join('\n') + '\n';
    await kgoOk(['produce', `kgo-${codec}`, '-z', codec], { input });
    expect(await kcat(['-C', '-t', `kgo-${codec}`, '-e'])).toBe(input);
    await kcat(['-P', '-t', `kcat-${codec}`, '-z', codec], input);
    expect(await kgoOk(['consume', `kcat-${codec}`, '-e'])).toBe(input);
  });
});

describe('consume', () => {
  beforeAll(async () => {
    await createTopic('numbers', 2);
    const input = Array.from({ length: 20 }, (_, i) => `${i}`).join('\n');
    await kgoOk(['produce', 'numbers', '-p', '0'], { input });
    await kgoOk(['produce', 'numbers', '-p', '1'], { input: 'one\ntwo\nthree' });
  });

  it('-o -N starts N before the end of each partition; -p picks partitions', async () => {
    const out = await kgoOk(['consume', 'numbers', '-o', '-2', '-e', '-f', '%p:%v\\n']);
    expect(out.trim().split('\n').sort()).toEqual(['0:18', '0:19', '1:three', '1:two']);
    expect(await kgoOk(['consume', 'numbers', '-p', '1', '-e'])).toBe('one\ntwo\nthree\n');
    expect(await kgoOk(['consume', 'numbers', '-p', '0', '-o', '17', '-e'])).toBe('17\n18\n19\n');
  });

  it('-o @TIME starts at the first record at or after the time', async () => {
    expect(await kgoOk(['consume', 'numbers', '-p', '0', '-o', '@-1h', '-e', '-n', '1'])).toBe('0\n');
    expect(await kgoOk(['consume', 'numbers', '-o', `@${Date.now() + 3_600_000}`, '-e'])).toBe('');
  });

  it('--grep and -n filter and stop', async () => {
    expect(await kgoOk(['consume', 'numbers', '-p', '0', '--grep', '^1', '-e'])).toBe(['1', ...Array.from({ length: 10 }, (_, i) => `1${i}`)].join('\n') + '\n');
    expect(await kgoOk(['consume', 'numbers', '-p', '0', '-n', '4'])).toBe('0\n1\n2\n3\n');
  });

  it('-g commits exactly the records it wrote, and resumes there', async () => {
    expect(await kgoOk(['consume', 'numbers', '-p', '0', '-g', 'resumer', '-n', '5'])).toBe('0\n1\n2\n3\n4\n');
    const committed = await admin.fetchOffsets({ groupId: 'resumer', topics: ['numbers'] });
    expect(committed[0]!.partitions.find((p) => p.partition === 0)?.offset).toBe('5');
    expect(await kgoOk(['consume', 'numbers', '-p', '0', '-g', 'resumer', '-n', '2'])).toBe('5\n6\n');
  });

  it('leaves no consumer group behind without -g', async () => {
    const before = (await admin.listGroups()).groups.map((g) => g.groupId);
    await kgoOk(['consume', 'numbers', '-e']);
    const after = (await admin.listGroups()).groups.map((g) => g.groupId);
    expect(after.filter((g) => g.startsWith('kgo-consume-'))).toEqual(before.filter((g) => g.startsWith('kgo-consume-')));
  });

  it.each([['consume'], ['tail']])('%s of a missing topic exits 1 and does not create it', async (cmd) => {
    const r = await kgo([cmd, 'never-made', ...(cmd === 'consume' ? ['-e'] : [])]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/topic "never-made" does not exist/);
    expect(await admin.listTopics()).not.toContain('never-made');
  });

  it('bad values exit 2 before connecting', async () => {
    for (const args of [['consume', 'numbers', '-o', 'later'], ['consume', 'numbers', '-p', 'x'], ['consume', 'numbers', '--grep', '(']]) {
      const r = await kgo(args);
      expect(r.code, args.join(' ')).toBe(2);
    }
    const stored = await kgo(['consume', 'numbers', '-o', 'stored']);
    expect(stored.code).toBe(2);
    expect(stored.stderr).toMatch(/-g GROUP/);
  });
});

describe('tail', () => {
  it('-n shows the last records, then follows new ones, uncoloured under NO_COLOR', async () => {
    await kgoOk(['produce', 'followed'], { input: 'old1\nold2\n{"level":"info","n":1}\n' });
    const script =
      `$KGO tail followed -n 2 -b ${broker.bootstrap} > "$OUT" & pid=$!; ` +
      `for i in $(seq 1 100); do grep -q '"n"' "$OUT" && break; sleep 0.1; done; ` +
      `echo fresh | $KGO produce followed -b ${broker.bootstrap}; ` +
      `for i in $(seq 1 100); do grep -q fresh "$OUT" && break; sleep 0.1; done; ` +
      `kill -INT $pid; wait $pid; echo "status=$?"; cat "$OUT"`;
    const r = await runShell(`OUT=$(mktemp); ${script}`);
    expect(r.stdout).toMatch(/^status=0\n/);
    expect(r.stdout).not.toContain('old1');
    expect(r.stdout).toContain('old2');
    expect(r.stdout).toContain('{\n  "level": "info",\n  "n": 1\n}');
    expect(r.stdout).toMatch(/followed\/0@3\nfresh\n/);
    expect(r.stdout).not.toContain('\u001b[');
  });
});

describe('produce to a missing topic', () => {
  it('follows the broker: created when auto-create is on, exit 1 with a hint when off', async () => {
    expect(await kgoOk(['produce', 'auto-made'], { input: 'x\n' })).toBe('');
    expect(await admin.listTopics()).toContain('auto-made');

    const strict = await startBroker({ port: 0, log: () => undefined, settings: { 'auto.create.topics.enable': 'false' } });
    try {
      const r = await runKgo(['produce', 'not-made', '-b', strict.bootstrap], { input: 'x\ny\n' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/not delivered to "not-made"/);
      expect(r.stderr).toMatch(/kgo topic create not-made/);
    } finally {
      await strict.close();
    }
  });
});
