import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFORMANCE } from '../support/paths.ts';
import { runCli } from '../support/run-cli.ts';

const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$/m;

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'chokepoint-cli-'));
}

describe('chokepoint CLI', () => {
  it('prints help listing only the commands that exist, and its version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: chokepoint COMMAND');
    expect(help.stdout).toMatch(/^ {2}snapshot /m);
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const commandHelp = await runCli(['snapshot', '--help']);
    expect(commandHelp.stdout).toContain(
      'Usage: chokepoint snapshot INPUT... -o FILE',
    );
  });

  it('writes a redacted snapshot from any working directory and summarises it', async () => {
    const dir = await scratch();
    const out = join(dir, 'kh.snapshot.json');
    const result = await runCli(
      ['snapshot', join(CONFORMANCE, 'kubehound/attacks'), '-o', out],
      { cwd: dir },
    );
    // No warning; the one note counts the objects -n (default: default) placed.
    expect(result.stderr).toBe(
      'note: 27 namespaced objects without a namespace put in "default" (as kubectl apply -n default; change it with -n NAMESPACE)\n',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('92 objects from 24 sources');
    expect(result.stdout).toMatch(/Pod\s+30\s+in 2 namespaces/);
    const snapshot = JSON.parse(await readFile(out, 'utf8')) as {
      objects: Record<string, unknown[]>;
    };
    expect(snapshot.objects.Pod).toHaveLength(30);
  });

  it('reads standard input with -', async () => {
    const dir = await scratch();
    const result = await runCli(['snapshot', '-', '-o', join(dir, 's.json')], {
      stdin: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Namespace');
  });

  const badInputs: [string, string, RegExp][] = [
    [
      'malformed YAML',
      'kind: Pod\nmetadata: {name: [x}\n',
      /bad\.yaml:\d+:\d+: invalid YAML/,
    ],
    [
      'malformed JSON',
      '{"kind": "Pod",, "metadata": {}}',
      /bad\.yaml:1:16: invalid JSON/,
    ],
    [
      'truncated file',
      '{"kind": "Pod", "metadata": {"na',
      /bad\.yaml:1:\d+: invalid JSON: the file ends/,
    ],
    ['empty input', '', /bad\.yaml: the file is empty/],
    [
      'non-Kubernetes document',
      'hello: world\n',
      /bad\.yaml:1:1 \(document 1\): not a Kubernetes object/,
    ],
  ];

  it.each(badInputs)(
    'exits 2 on %s, naming the place, without a stack trace',
    async (_name, text, message) => {
      const dir = await scratch();
      await writeFile(join(dir, 'bad.yaml'), text);
      const result = await runCli([
        'snapshot',
        join(dir, 'bad.yaml'),
        '-o',
        join(dir, 'out.json'),
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(STACK_LINE);
      expect(result.stdout).toBe('');
    },
  );

  it('exits 2 on a missing path and on bad usage', async () => {
    const missing = await runCli([
      'snapshot',
      '/no/such/input',
      '-o',
      '/tmp/x.json',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      '/no/such/input: no such file or directory',
    );
    const noOut = await runCli(['snapshot', '/tmp']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('snapshot needs -o FILE');
    const unknownFlag = await runCli(['snapshot', '--frobnicate']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/Unknown option '--frobnicate'/);
    const unknownCommand = await runCli(['frobnicate']);
    expect(unknownCommand.code).toBe(2);
  });

  it('keeps an existing snapshot when the new input is bad', async () => {
    const dir = await scratch();
    const out = join(dir, 'keep.json');
    await writeFile(out, 'previous');
    await writeFile(join(dir, 'bad.yaml'), 'kind: [');
    const result = await runCli(['snapshot', join(dir, 'bad.yaml'), '-o', out]);
    expect(result.code).toBe(2);
    expect(await readFile(out, 'utf8')).toBe('previous');
  });
});
