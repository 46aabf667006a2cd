/**
 * The commands of `chokepoint`, in the order the main help lists them. Each
 * command module is imported only when that command runs or shows its help:
 * the engine, the reader's validators, the Neo4j driver and the viewer
 * server cost about a second of CPU to load, which `--version`, `--help`
 * and a mistyped command should not pay.
 */

import type { CommandEntry } from './command.ts';

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'analyze',
    summary:
      'Find the attack paths to critical assets and rank the fixes that cut them',
    load: async () => (await import('./commands/analyze.ts')).analyzeCommand,
  },
  {
    name: 'blast',
    summary:
      'Show what an attacker holding a node can reach (--from), or who can reach it (--to)',
    load: async () => (await import('./commands/blast.ts')).blastCommand,
  },
  {
    name: 'diff',
    summary:
      'Show the attack paths and choke points added and removed between two inputs',
    load: async () => (await import('./commands/diff.ts')).diffCommand,
  },
  {
    name: 'graph',
    summary: 'Build the attack graph of the input and print it',
    load: async () => (await import('./commands/graph.ts')).graphCommand,
  },
  {
    name: 'path',
    summary: 'Print the shortest attack path from one node to another',
    load: async () => (await import('./commands/path.ts')).pathCommand,
  },
  {
    name: 'snapshot',
    summary:
      'Read manifests, kubectl JSON, KubeHound dumps or snapshots into one snapshot file',
    load: async () => (await import('./commands/snapshot.ts')).snapshotCommand,
  },
  {
    name: 'collect',
    summary: 'Read a live cluster through its API server into a snapshot file',
    load: async () => (await import('./commands/collect.ts')).collectCommand,
  },
  {
    name: 'generate',
    summary:
      'Write a realistic synthetic cluster snapshot (for benchmarks and demos)',
    load: async () => (await import('./commands/generate.ts')).generateCommand,
  },
  {
    name: 'serve',
    summary:
      'Serve the viewer (attack paths, choke points, what-if) on 127.0.0.1',
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
  {
    name: 'export',
    summary:
      'Export the attack graph and its analysis to Neo4j, Cypher, CSV, GraphML or BloodHound OpenGraph',
    load: async () => (await import('./commands/export.ts')).exportCommand,
  },
];

/** The entry of a command name, or undefined. */
export function commandEntry(
  name: string | undefined,
): CommandEntry | undefined {
  return COMMANDS.find(c => c.name === name);
}
