/**
 * Target sets of the workload techniques as Scope nodes (rule-context.ts):
 * one scope per namespace (or node) and one cluster scope of those, created
 * once and shared by every holder, so a cluster-wide grant costs one edge
 * instead of one per pod. Grants limited by resourceNames reach the named
 * objects directly.
 *
 * `emitPlaces` turns the ways of a technique (a Requirement and a
 * confidence each) into edge records, keeping per target the best way and
 * leaving out targets that a wider target already reaches at least as well.
 */

import type { Confidence, PlaceEvidence } from '@chokepoint/model';
import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type { Holder } from '../../holder.ts';
import type { RuleContext, ScopeMember } from '../../rule-context.ts';
import type { EdgeRecord } from '../define-rule.ts';
import { rbacEvidence } from '../evidence.ts';
import type { FactEvidence } from '../evidence.ts';
import { permissionsFor, reachedPlaces } from './requirements.ts';
import type { Requirement } from './requirements.ts';

/** A set of targets, by level. */
export interface TargetFamily {
  /** The target standing for every member everywhere, if any. */
  readonly cluster: () => string | undefined;
  /** The target standing for the members of one namespace (undefined: none, or a cluster-scoped family). */
  readonly namespace: (namespace: string) => string | undefined;
  /**
   * Targets of a name-restricted grant: `namespace` `''` for a cluster-wide
   * one. `place` is where the request is checked (namespace `''` and the name
   * for cluster-scoped objects).
   */
  readonly named: (
    namespace: string,
    name: string,
  ) => readonly {
    readonly id: string;
    readonly namespace: string;
    readonly name: string;
  }[];
}

export interface Way {
  readonly requirement: Requirement;
  readonly confidence: Confidence;
  /** One plain sentence a security engineer reads. */
  readonly reason: string;
  readonly facts?: readonly FactEvidence[];
}

const rank = (c: Confidence): number => CONFIDENCE_ORDER.indexOf(c);

interface Found {
  readonly confidence: Confidence;
  readonly evidence: PlaceEvidence;
}

function keep(map: Map<string, Found>, key: string, found: Found): void {
  const seen = map.get(key);
  if (seen === undefined || rank(found.confidence) > rank(seen.confidence))
    map.set(key, found);
}

export function* emitPlaces(
  holder: Holder,
  ways: readonly Way[],
  family: TargetFamily,
): Iterable<EdgeRecord<PlaceEvidence>> {
  let cluster: Found | undefined;
  const namespaces = new Map<string, Found>();
  const named = new Map<
    string,
    Found & { readonly namespace: string; readonly id: string }
  >();
  for (const way of ways) {
    const places = reachedPlaces(holder, way.requirement);
    const evidence = (
      namespace: string,
      name?: string,
    ): PlaceEvidence | undefined => {
      const permissions = permissionsFor(
        holder,
        way.requirement,
        namespace,
        name,
      );
      if (permissions === undefined) return undefined;
      return rbacEvidence(
        way.reason,
        permissions,
        way.facts === undefined ? {} : { facts: way.facts },
      );
    };
    if (places.everywhere) {
      const found = evidence('');
      if (
        found !== undefined &&
        (cluster === undefined ||
          rank(way.confidence) > rank(cluster.confidence))
      ) {
        cluster = {
          confidence: way.confidence,
          evidence: { ...found, scope: 'cluster' },
        };
      }
      continue;
    }
    for (const namespace of places.namespaces) {
      const found = evidence(namespace);
      if (found !== undefined)
        keep(namespaces, namespace, {
          confidence: way.confidence,
          evidence: { ...found, scope: `Namespace:${namespace}` },
        });
    }
    for (const [namespace, name] of places.names) {
      for (const target of family.named(namespace, name)) {
        const found = evidence(target.namespace, target.name);
        if (found === undefined) continue;
        const seen = named.get(target.id);
        if (
          seen === undefined ||
          rank(way.confidence) > rank(seen.confidence)
        ) {
          named.set(target.id, {
            confidence: way.confidence,
            evidence: found,
            namespace: target.namespace,
            id: target.id,
          });
        }
      }
    }
  }
  const covers = (a: Found | undefined, b: Found): boolean =>
    a !== undefined && rank(a.confidence) >= rank(b.confidence);
  if (cluster !== undefined) {
    const to = family.cluster();
    if (to !== undefined)
      yield {
        from: holder.id,
        to,
        confidence: cluster.confidence,
        evidence: cluster.evidence,
      };
  }
  for (const [namespace, found] of namespaces) {
    if (covers(cluster, found)) continue;
    const to = family.namespace(namespace);
    if (to !== undefined)
      yield {
        from: holder.id,
        to,
        confidence: found.confidence,
        evidence: found.evidence,
      };
  }
  for (const found of named.values()) {
    if (
      covers(cluster, found) ||
      covers(namespaces.get(found.namespace), found)
    )
      continue;
    yield {
      from: holder.id,
      to: found.id,
      confidence: found.confidence,
      evidence: found.evidence,
    };
  }
}

/** A namespaced family: members per namespace, a cluster scope of the namespace scopes. */
export function namespacedFamily(
  ctx: RuleContext,
  options: {
    /** Key prefix, e.g. `pods:exec`; scopes are `<prefix>@Namespace:<ns>` and `<prefix>@cluster`. */
    readonly key: string;
    /** What a person reads, e.g. `running pods`. */
    readonly label: string;
    readonly namespaces: () => Iterable<string>;
    readonly members: (namespace: string) => Iterable<ScopeMember>;
    /** Members standing for a name-restricted grant on `name` in `namespace`. */
    readonly named: (
      namespace: string,
      name: string,
    ) => readonly {
      readonly id: string;
      readonly namespace: string;
      readonly name: string;
    }[];
  },
): TargetFamily {
  const namespace = (ns: string): string | undefined =>
    ctx.scope(
      `${options.key}@Namespace:${ns}`,
      `${options.label} in namespace ${ns}`,
      () => options.members(ns),
    );
  return {
    namespace,
    cluster: () =>
      ctx.scope(
        `${options.key}@cluster`,
        `${options.label} in every namespace`,
        function* () {
          for (const ns of options.namespaces()) {
            const id = namespace(ns);
            if (id !== undefined) yield id;
          }
        },
      ),
    named: options.named,
  };
}
