/**
 * The oracle of the choke-point figures (issue 10 point 2): a fix applied
 * to the input the way a user applies it (cli-contract v1.1: delete the
 * target; or apply the JSON merge patch, with the independent
 * `json-merge-patch` library, and delete the pods in `fix.replaces`), then
 * the edited input analysed from scratch: graph built, entry points and
 * critical assets chosen, reachability computed. Nothing here uses the
 * engine's fix applier, its merge code or its incremental measurement.
 */

import mergePatch from 'json-merge-patch';
import type { FixRecord, KubeObject, Snapshot } from '@chokepoint/model';
import { buildAttackGraph } from '../src/build-graph.ts';
import type { BuildResult } from '../src/build-graph.ts';
import { compileAttackIndex } from '../src/analysis/attack-index.ts';
import type { AttackIndex } from '../src/analysis/attack-index.ts';
import { computeExposure } from '../src/analysis/exposure.ts';
import type { Exposure } from '../src/analysis/exposure.ts';
import { resolveTargets } from '../src/analysis/targets.ts';
import type { TargetOptions, Targets } from '../src/analysis/targets.ts';
import type { Policy } from '../src/policy.ts';
import { RULES } from '../src/rules/index.ts';

function idOf(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace
    ? `${object.kind}:${namespace}/${name}`
    : `${object.kind}:${name}`;
}

/** The input after `kubectl delete` / `kubectl patch --type merge` of the fix, and the deletion of the pods it replaces. */
export function applyAsUser(snapshot: Snapshot, fix: FixRecord): Snapshot {
  // A multi-object fix: its other changes are made first, each as a user makes it.
  let input = snapshot;
  for (const part of fix.also ?? []) {
    if (part.action === 'create' && part.object !== undefined) {
      const kind = part.object.kind;
      input = {
        ...input,
        objects: {
          ...input.objects,
          [kind]: [...(input.objects[kind] ?? []), part.object],
        },
      };
    } else
      input = applyAsUser(input, {
        id: part.target,
        action: part.action === 'delete' ? 'delete' : 'patch',
        target: part.target,
        ...(part.patch === undefined ? {} : { patch: part.patch }),
        description: '',
      });
  }
  return applyOne(input, fix);
}

function applyOne(snapshot: Snapshot, fix: FixRecord): Snapshot {
  const deleted = new Set<string>(fix.replaces ?? []);
  if (fix.action === 'delete') deleted.add(fix.target);
  const found: string[] = [];
  const objects: Record<string, KubeObject[]> = {};
  for (const [kind, list] of Object.entries(snapshot.objects)) {
    objects[kind] = list.flatMap(object => {
      const id = idOf(object);
      if (id === fix.target) found.push(id);
      if (deleted.has(id)) return [];
      if (id === fix.target && fix.action === 'patch') {
        // The library edits its target in place: give it a deep copy.
        const copy = structuredClone(object);
        const patched = mergePatch.apply(copy, fix.patch ?? {}) as KubeObject;
        return [patched];
      }
      return [object];
    });
  }
  if (
    found.length === 0 &&
    fix.action === 'patch' &&
    fix.target.startsWith('Namespace:')
  ) {
    // A namespace the input's objects live in but do not hold: the user
    // adds its Namespace object, labelled (`kubectl label namespace` on the cluster).
    const created = mergePatch.apply(
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: fix.target.slice('Namespace:'.length) },
      },
      fix.patch ?? {},
    ) as KubeObject;
    return {
      ...snapshot,
      objects: {
        ...objects,
        Namespace: [...(objects.Namespace ?? []), created],
      },
    };
  }
  if (found.length === 0)
    throw new Error(`oracle: ${fix.target} is not in the input`);
  return { ...snapshot, objects };
}

export interface OracleOptions extends TargetOptions {
  readonly policy?: Policy;
}

/** An input analysed from scratch: its graph, targets, index and exposure. */
export interface FromScratch {
  readonly build: BuildResult;
  readonly targets: Targets;
  readonly index: AttackIndex;
  readonly exposure: Exposure;
}

/**
 * An input analysed from scratch. Entry points and assets named in the
 * options that the edit removed (a replaced pod) are left out, as the
 * analysis of a fixed input does.
 */
export function analysedFromScratch(
  snapshot: Snapshot,
  options: OracleOptions = {},
): FromScratch {
  const build = buildAttackGraph(snapshot, RULES, {
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    // Users and groups the caller names exist whatever binds them (analyze does the same).
    identities: [...(options.entry ?? []), ...(options.critical ?? [])],
  });
  const { graph } = build;
  const targets = resolveTargets(graph, build.index, {
    ...(options.entry === undefined
      ? {}
      : { entry: options.entry.filter(id => graph.hasNode(id)) }),
    ...(options.critical === undefined
      ? {}
      : { critical: options.critical.filter(id => graph.hasNode(id)) }),
  });
  const index = compileAttackIndex(graph, build.index.policy.minConfidence);
  const indexes = (ids: readonly string[]): number[] =>
    ids.flatMap(id => {
      const i = index.indexOf.get(id);
      return i === undefined ? [] : [i];
    });
  const exposure = computeExposure(
    index,
    indexes(targets.entryPoints),
    indexes(targets.criticalAssets),
  );
  return { build, targets, index, exposure };
}

/** Exposed entry points of an input, analysed from scratch (`analysedFromScratch`). */
export function exposedFromScratch(
  snapshot: Snapshot,
  options: OracleOptions = {},
): string[] {
  const { index, exposure } = analysedFromScratch(snapshot, options);
  return exposure.exposed.map(i => index.ids[i] ?? '').sort();
}
