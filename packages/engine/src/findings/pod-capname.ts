/**
 * F-POD-CAPNAME (catalog 6, 2.3): a capability entry spelled with a `CAP_`
 * prefix. containerd prefixes `CAP_` unconditionally, so `CAP_SYS_ADMIN`
 * becomes `CAP_CAP_SYS_ADMIN` and runc ignores it: an intended drop does
 * nothing (`drop: [CAP_NET_RAW]` keeps NET_RAW). CRI-O honours only the exact
 * upper-case spelling; Docker strips the prefix. The entries the node's
 * runtime ignores come from `effectiveCapabilities` (its `ignored` list,
 * which also holds unknown names); a prefixed entry the runtime honours is
 * still reported, since the same spec breaks on containerd. Per container;
 * privileged containers ignore the lists and are skipped.
 *
 * Reference: containerd CRI `WithCapabilities`; opencontainers/runc `libcontainer/capabilities`.
 */

import { effectiveCapabilities } from '../predicates/capabilities.ts';
import { containerPath } from '../entities/spec-paths.ts';
import { defineFinding } from './define-finding.ts';
import { containerFacts } from './finding-utils/container-facts.ts';
import { containerFindings } from './finding-utils/workload-findings.ts';

export const podCapname = defineFinding({
  id: 'F-POD-CAPNAME',
  title: 'Capability name the runtime may ignore',
  severity: 'low',
  description:
    'A capability is spelled with a CAP_ prefix (ignored on containerd, honoured on CRI-O only in exact upper case), or is unknown.',
  check: ctx =>
    containerFindings(
      ctx,
      {
        check: 'F-POD-CAPNAME',
        title: 'Capability name the runtime may ignore',
        severity: 'low',
        remediation:
          'Spell capabilities without the CAP_ prefix, in upper case (NET_RAW, not CAP_NET_RAW).',
        checklist: [
          "Capabilities should be set according to the principle of least privileges (drop 'ALL', ...).",
        ],
      },
      container => {
        const facts = containerFacts(ctx, container);
        if (!facts.linux || facts.security.privileged) return undefined;
        const { capabilities } = facts.security;
        const entries = new Map<string, Set<string>>();
        const note = (entry: string, what: string): void => {
          let set = entries.get(entry);
          if (set === undefined) entries.set(entry, (set = new Set()));
          set.add(what);
        };
        for (const node of facts.nodes) {
          // Root is assumed: the question is how the runtime reads the names.
          const result = effectiveCapabilities({
            root: true,
            security: { privileged: false, capabilities },
            runtime: node.runtime.value,
          });
          for (const { list, entry } of result.ignored)
            note(`${list} ${entry}`, `ignored on ${node.runtime.value}`);
        }
        for (const list of ['add', 'drop'] as const) {
          for (const entry of capabilities[list]) {
            if (entry.toUpperCase().startsWith('CAP_'))
              note(`${list} ${entry}`, 'ignored on containerd');
          }
        }
        if (entries.size === 0) return undefined;
        const base = `${containerPath(container)}.securityContext.capabilities`;
        const parts = [...entries].map(
          ([entry, notes]) => `${entry} (${[...notes].join(', ')})`,
        );
        const fields = [...entries.keys()].map(
          e => `${base}.${e.startsWith('add') ? 'add' : 'drop'}`,
        );
        return {
          problem: `has capability entries the runtime may ignore: ${parts.join('; ')}`,
          fields,
        };
      },
    ),
});
