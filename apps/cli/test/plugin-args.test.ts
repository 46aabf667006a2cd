import { describe, expect, it } from 'vitest';
import { pluginCall, SNAPSHOT } from '../src/plugin-args.ts';

describe('kubectl chokepoint arguments', () => {
  it('analyses the current context when given nothing', async () => {
    expect(await pluginCall([])).toEqual({
      collect: [],
      command: ['analyze', SNAPSHOT],
    });
    expect(
      await pluginCall(['--context', 'prod', '--fail-on', 'critical']),
    ).toEqual({
      collect: ['--context', 'prod'],
      command: ['analyze', SNAPSHOT, '--fail-on', 'critical'],
    });
  });

  it('shows the help or the version without reading the cluster', async () => {
    expect(await pluginCall(['--help'])).toEqual({ command: ['--help'] });
    expect(await pluginCall(['--context', 'prod', '-h'])).toEqual({
      command: ['-h'],
    });
    expect(await pluginCall(['--version'])).toEqual({
      command: ['--version'],
    });
  });

  it("reads the live cluster kubectl's flags select for a command without INPUT", async () => {
    expect(
      await pluginCall([
        '--kubeconfig=/k/config',
        'analyze',
        '-n',
        'shop',
        '--format',
        'sarif',
        '--namespace',
        'web',
      ]),
    ).toEqual({
      collect: ['--kubeconfig', '/k/config', '-n', 'shop', '-n', 'web'],
      command: ['analyze', SNAPSHOT, '--format', 'sarif'],
    });
    expect(
      await pluginCall([
        'export',
        'neo4j',
        '--context',
        'c',
        '--uri',
        'bolt://x',
      ]),
    ).toEqual({
      collect: ['--context', 'c'],
      command: ['export', 'neo4j', SNAPSHOT, '--uri', 'bolt://x'],
    });
  });

  it('passes collect its flags, and reads files when INPUTs are given', async () => {
    expect(
      await pluginCall(['collect', '--context', 'c', '-o', 'x.json']),
    ).toEqual({
      command: ['collect', '--context', 'c', '-o', 'x.json'],
    });
    expect(
      await pluginCall([
        'analyze',
        'manifests/',
        '-n',
        'shop',
        '--context',
        'c',
      ]),
    ).toEqual({
      command: ['analyze', 'manifests/', '-n', 'shop'],
    });
    expect(await pluginCall(['analyze', '--help'])).toEqual({
      command: ['analyze', '--help'],
    });
  });
});
