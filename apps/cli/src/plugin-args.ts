/**
 * How `kubectl chokepoint ARGS` maps to chokepoint commands (see
 * kubectl-plugin.ts): kubectl's `--kubeconfig`, `--context` and
 * `-n/--namespace` select the live cluster a command without INPUT reads.
 */

import { parseArgs } from 'node:util';
import { commandEntry } from './command-table.ts';

/** The commands that read INPUTs, and so can read the live cluster instead. */
const ANALYSING = new Set([
  'analyze',
  'graph',
  'path',
  'blast',
  'serve',
  'export',
]);
const CONNECTION = new Set(['--kubeconfig', '--context', '-n', '--namespace']);

export interface PluginCall {
  /** `chokepoint collect` arguments for the live cluster, when it is read. */
  readonly collect?: readonly string[];
  /** The `chokepoint` command line to run (`SNAPSHOT` stands for the collected file). */
  readonly command: readonly string[];
}

export const SNAPSHOT = '\0snapshot';

/** What `kubectl chokepoint ARGS` runs. */
export async function pluginCall(args: readonly string[]): Promise<PluginCall> {
  const connection: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag = '', inline] = arg.startsWith('--')
      ? arg.split(/=(.*)/s)
      : [arg];
    if (CONNECTION.has(flag)) {
      const value = inline ?? args[++i];
      if (value !== undefined)
        connection.push(flag === '--namespace' ? '-n' : flag, value);
    } else rest.push(arg);
  }
  const [first, ...more] = rest;
  if (
    first === '--help' ||
    first === '-h' ||
    first === '--version' ||
    first === '-V'
  )
    return { command: [first] };
  if (first === undefined || first.startsWith('-')) {
    // `kubectl chokepoint [--options]`: analyze the current context.
    return { collect: connection, command: ['analyze', SNAPSHOT, ...rest] };
  }
  if (first === 'collect')
    return { command: ['collect', ...connection, ...more] };
  const spec = (await commandEntry(first)?.load())?.options ?? {};
  const { positionals } = parseArgs({
    args: more,
    options: spec,
    allowPositionals: true,
    strict: false,
  });
  // The format of `export` is its first positional; INPUTs follow it.
  const inputs = first === 'export' ? positionals.slice(1) : positionals;
  if (
    !ANALYSING.has(first) ||
    inputs.length > 0 ||
    more.includes('--help') ||
    more.includes('-h')
  )
    return {
      command: [
        first,
        ...more,
        ...(connection.includes('-n')
          ? ['-n', connection[connection.indexOf('-n') + 1] ?? '']
          : []),
      ],
    };
  const at = first === 'export' ? more.indexOf(positionals[0] ?? '') + 1 : 0;
  return {
    collect: connection,
    command: [first, ...more.slice(0, at), SNAPSHOT, ...more.slice(at)],
  };
}
