import { describe, expect, it } from 'vitest';
import { pluginCall, SNAPSHOT } from '../src/plugin-args.ts';

describe('kubectl chokepoint arguments', () => {
  it('analyses the current context when given nothing', () => {
    expect(pluginCall([])).toEqual({
      collect: [],
      command: ['analyze', SNAPSHOT],
    });
    expect(pluginCall(['--context', 'prod', '--fail-on', 'critical'])).toEqual({
      collect: ['--context', 'prod'],
      command: ['analyze', SNAPSHOT, '--fail-on', 'critical'],
    });
  });

  it("reads the live cluster kubectl's flags select for a command without INPUT", () => {
    expect(
      pluginCall([
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
      pluginCall(['export', 'neo4j', '--context', 'c', '--uri', 'bolt://x']),
    ).toEqual({
      collect: ['--context', 'c'],
      command: ['export', 'neo4j', SNAPSHOT, '--uri', 'bolt://x'],
    });
  });

  it('passes collect its flags, and reads files when INPUTs are given', () => {
    expect(pluginCall(['collect', '--context', 'c', '-o', 'x.json'])).toEqual({
      command: ['collect', '--context', 'c', '-o', 'x.json'],
    });
    expect(
      pluginCall(['analyze', 'manifests/', '-n', 'shop', '--context', 'c']),
    ).toEqual({
      command: ['analyze', 'manifests/', '-n', 'shop'],
    });
    expect(pluginCall(['analyze', '--help'])).toEqual({
      command: ['analyze', '--help'],
    });
  });
});
