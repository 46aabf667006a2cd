// Conformance of the structure group (catalog 3.1 entry and exposure,
// SECRET_MOUNT of 3.2, identity structure of 3.6) against shared/conformance:
// the KubeHound attack fixtures with the scaffold of kubehound/expected.json
// (nodes, namespaces, default ServiceAccounts, placement as spec.nodeName),
// and the Bad Pods classes of badpods/expected.json. Only facts of the kinds
// below are asserted; a wildcard kind `*` is checked against these kinds.
// The `reachable` fact Node -> Group:system:nodes via MEMBER_OF also runs
// IDENTITY_ASSUME (Node -> User:system:node:<n>).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RuleEdgeKind } from '@chokepoint/model';
import type { RuleSet } from '../../src/build-graph.ts';
import { authenticatesAs } from '../../src/rules/authenticates-as.ts';
import { cloudMapsTo } from '../../src/rules/cloud-maps-to.ts';
import { endpointExploit } from '../../src/rules/endpoint-exploit.ts';
import { exposes } from '../../src/rules/exposes.ts';
import { hostPortExposed } from '../../src/rules/host-port-exposed.ts';
import { identityAssume } from '../../src/rules/identity-assume.ts';
import { memberOf } from '../../src/rules/member-of.ts';
import { routesTo } from '../../src/rules/routes-to.ts';
import { secretMount } from '../../src/rules/secret-mount.ts';
import { edgesOfKind } from '../rule-tester.ts';
import { edgeFactChecks, graphCache, label } from './edge-facts.ts';
import type { EdgeFact, FactVariant } from './edge-facts.ts';
import {
  SHARED,
  docsOf,
  kubehoundExpected,
  kubehoundInput,
  place,
  readJson,
  scaffoldDocs,
  toYaml,
} from './kubehound-input.ts';

const OUR_RULES: RuleSet = {
  AUTHENTICATES_AS: authenticatesAs,
  CLOUD_MAPS_TO: cloudMapsTo,
  ENDPOINT_EXPLOIT: endpointExploit,
  EXPOSES: exposes,
  HOST_PORT_EXPOSED: hostPortExposed,
  MEMBER_OF: memberOf,
  ROUTES_TO: routesTo,
  SECRET_MOUNT: secretMount,
};
const RULES: RuleSet = { ...OUR_RULES, IDENTITY_ASSUME: identityAssume };
const KINDS = Object.keys(OUR_RULES) as RuleEdgeKind[];
const OURS = new Set<string>(KINDS);
const graphOf = graphCache(RULES);
const { ours, oursOrAny, assertHas, assertHasNot } = edgeFactChecks(KINDS);

interface Scenario {
  readonly file: string;
  readonly mustHave?: readonly EdgeFact[];
  readonly mustNotHave?: readonly EdgeFact[];
  readonly factVariants?: readonly FactVariant[];
  readonly reachable?: readonly { from: string; to: string; via?: string }[];
  readonly optionalMemberships?: {
    readonly memberships: Readonly<Record<string, readonly string[]>>;
  };
}

interface BadPodsClass {
  readonly class: string;
  readonly file: string;
  readonly otherEdges: {
    readonly mustHave: readonly EdgeFact[];
    readonly mustNotHave: readonly EdgeFact[];
  };
}

// ---- KubeHound ----

const kh = kubehoundExpected<Scenario>();
const khInput = kubehoundInput();

describe('KubeHound fixtures (full load with the scaffold)', () => {
  for (const scenario of kh.scenarios) {
    const mustHave = ours(scenario.mustHave);
    const mustNotHave = oursOrAny(scenario.mustNotHave);
    const variants = (scenario.factVariants ?? []).filter(
      v => ours(v.mustHave).length + oursOrAny(v.mustNotHave).length > 0,
    );
    const reachable = (scenario.reachable ?? []).filter(
      r => r.via !== undefined && OURS.has(r.via),
    );
    if (
      mustHave.length +
        mustNotHave.length +
        variants.length +
        reachable.length ===
      0
    )
      continue;

    describe(scenario.file, () => {
      if (mustHave.length > 0) {
        it.each(mustHave.map(f => [label(f), f] as const))(
          'mustHave %s',
          async (_l, fact) => {
            assertHas(await graphOf(khInput), fact);
          },
        );
      }
      if (mustNotHave.length > 0) {
        it.each(mustNotHave.map(f => [label(f), f] as const))(
          'mustNotHave %s',
          async (_l, fact) => {
            assertHasNot(await graphOf(khInput), fact);
          },
        );
      }
      variants.forEach((variant, i) => {
        it(`factVariant ${String(i)} ${JSON.stringify(variant.policy)}`, async () => {
          const graph = await graphOf(khInput, variant.policy);
          for (const fact of ours(variant.mustHave)) assertHas(graph, fact);
          for (const fact of oursOrAny(variant.mustNotHave))
            assertHasNot(graph, fact);
        });
      });
      for (const fact of reachable) {
        it(`reachable ${fact.from} -> ${fact.to} via ${String(fact.via)}`, async () => {
          // One traversable hop of another kind, then the `via` edge into the target.
          const graph = await graphOf(khInput);
          const entering = edgesOfKind(graph, fact.via ?? '').filter(
            ([, to]) => to === fact.to,
          );
          const starts = new Set(entering.map(([from]) => from));
          const hop = graph
            .outEdges(fact.from)
            .some(
              e =>
                graph.getEdgeAttribute(e, 'traversable') &&
                starts.has(graph.target(e)),
            );
          expect(starts.has(fact.from) || hop).toBe(true);
        });
      }
      if (scenario.optionalMemberships !== undefined) {
        const memberships = scenario.optionalMemberships.memberships;
        it('optional memberships from the policy file become MEMBER_OF edges', async () => {
          const graph = await graphOf(khInput, { memberships });
          const edges = edgesOfKind(graph, 'MEMBER_OF').map(
            ([from, to]) => `${from} ${to}`,
          );
          for (const [user, groups] of Object.entries(memberships)) {
            for (const group of groups)
              expect(edges).toContain(`${user} ${group}`);
            expect(edges).toContain(`${user} Group:system:authenticated`);
          }
        });
      }
    });
  }

  it('under default settings the Internet reaches only Group:system:unauthenticated', async () => {
    const graph = await graphOf(khInput);
    const fromInternet = KINDS.flatMap(kind =>
      edgesOfKind(graph, kind).filter(([from]) => from === 'Internet'),
    );
    expect(fromInternet).toEqual([
      ['Internet', 'Group:system:unauthenticated', 'medium'],
    ]);
  });
});

// ---- Bad Pods ----

const badPods = readJson('badpods/expected.json') as {
  readonly classes: readonly BadPodsClass[];
};
const WORKER = 'kubehound.test.local-worker';
const badPodsScaffold = scaffoldDocs(
  [
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: WORKER, labels: { 'kubernetes.io/hostname': WORKER } },
    },
  ],
  ['default'],
);

describe('Bad Pods classes', () => {
  for (const entry of badPods.classes) {
    const mustHave = ours(entry.otherEdges.mustHave);
    const mustNotHave = oursOrAny(entry.otherEdges.mustNotHave);
    if (mustHave.length + mustNotHave.length === 0) continue;
    const input = toYaml([
      ...badPodsScaffold,
      ...place(
        docsOf(readFileSync(new URL(`badpods/${entry.file}`, SHARED), 'utf8')),
        () => WORKER,
      ),
    ]);
    // hostPorts `all` removes the public-IP condition: the facts must hold for the pod spec alone.
    for (const policy of [{}, { exposure: { hostPorts: 'all' } }]) {
      it(`${entry.class} ${JSON.stringify(policy)}`, async () => {
        const graph = await graphOf(input, policy);
        for (const fact of mustHave) assertHas(graph, fact);
        for (const fact of mustNotHave) assertHasNot(graph, fact);
      });
    }
  }
});
