// The predicates against the shared conformance data: for every Bad Pods
// class and every KubeHound attack fixture, the Container -> Node escape
// kinds that follow from Root, EffCaps, confinement and host paths (catalog
// 3.3 preconditions, evaluated inline here) must be exactly the expected ones.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Confidence, KubeObject } from '@chokepoint/model';
import { DEFAULT_POLICY } from '../../src/policy.ts';
import type { Policy } from '../../src/policy.ts';
import {
  capabilityConfidence,
  defaultCapabilitiesFor,
  effectiveCapabilities,
} from '../../src/predicates/capabilities.ts';
import { lowest } from '../../src/predicates/confidence.ts';
import {
  macUnconfined,
  selinuxConfined,
} from '../../src/predicates/confinement.ts';
import { containersOf, runs } from '../../src/predicates/containers.ts';
import { effectiveSecurity } from '../../src/predicates/effective-security.ts';
import {
  hostPathMountsOf,
  kubeletPodsHits,
  readHits,
  socketHits,
  umhHits,
  writeHits,
} from '../../src/predicates/host-paths.ts';
import type { HostPathHit } from '../../src/predicates/host-paths.ts';
import { nodeFactsOf } from '../../src/predicates/node-facts.ts';
import { podSpecOf } from '../../src/predicates/pod-spec.ts';
import { gidsOf, rootOf } from '../../src/predicates/root.ts';
import { tokenMounted } from '../../src/predicates/service-account-token.ts';
import { recursiveReadOnlyHonoured } from '../../src/predicates/versions.ts';
import { node, policyOf } from './helpers.ts';

const SHARED = new URL('../../../../../shared/conformance/', import.meta.url);
const BADPODS = new URL('badpods/', SHARED);
const KUBEHOUND = new URL('kubehound/', SHARED);

interface EdgeFact {
  readonly from: string;
  readonly to?: string;
  readonly kind: string;
  readonly confidence?: Confidence;
}

function loadYaml(url: URL): KubeObject[] {
  return parseAllDocuments(readFileSync(url, 'utf8'))
    .map(d => d.toJS() as unknown)
    .filter((o): o is KubeObject => typeof o === 'object' && o !== null);
}

type Escapes = Map<string, Confidence>;

/** Container -> Node escape kinds of one container, per catalog 3.3. */
function escapesOf(
  pod: KubeObject,
  policy: Policy,
  containerName: string,
): { escapes: Escapes; traverse: boolean; token: boolean } {
  const facts = nodeFactsOf(node('kubehound.test.local-worker'), { policy });
  const spec = podSpecOf(pod);
  const view = containersOf(spec).find(c => c.name === containerName);
  if (!view || !runs(view))
    throw new Error(`no running container ${containerName}`);
  const security = effectiveSecurity(spec, view.spec);
  const root = rootOf({
    pod: spec,
    container: view.spec,
    security,
    node: facts,
    policy,
  });
  const caps = effectiveCapabilities({
    root: root.root,
    security,
    runtime: facts.runtime.value,
    defaults: defaultCapabilitiesFor(facts.runtime.value, facts.name, policy),
  });
  const mac = macUnconfined({
    pod: spec,
    container: view.spec,
    podObject: pod,
    security,
    node: facts,
  });
  const selinux = selinuxConfined({
    security,
    nodeSelinuxEnforcing: facts.selinuxEnforcing,
  });
  const mounts = hostPathMountsOf(spec, view.spec, pod);
  const context = {
    node: facts,
    rroHonoured: recursiveReadOnlyHonoured(undefined, policy.featureGates),
  };
  const escapes: Escapes = new Map();
  const emit = (kind: string, ...confidences: (Confidence | undefined)[]) => {
    if (confidences.some(c => c === undefined)) return;
    escapes.set(
      kind,
      lowest(root.confidence, ...(confidences as Confidence[])),
    );
  };
  const cap = (name: string) => capabilityConfidence(caps, name);
  const best = (hits: readonly HostPathHit[]) =>
    hits.length === 0
      ? undefined
      : hits.reduce<Confidence>(
          (c, h) => (h.confidence === 'high' ? 'high' : c),
          'low',
        );
  const hostPID = spec.hostPID;
  if (root.root && security.privileged) emit('CE_PRIV_MOUNT');
  if (root.root && hostPID) {
    if (security.privileged) emit('CE_NSENTER');
    else if (mac.holds)
      emit(
        'CE_NSENTER',
        cap('SYS_ADMIN'),
        cap('SYS_PTRACE'),
        mac.confidenceCap,
      );
  }
  if (!selinux && !facts.moduleLoadingRestricted.value)
    emit('CE_MODULE_LOAD', cap('SYS_MODULE'));
  if (hostPID && mac.holds)
    emit('CE_SYS_PTRACE', cap('SYS_PTRACE'), mac.confidenceCap);
  if (mac.holds && facts.cgroupVersion.value === 'v1')
    emit('CE_CGROUP_RELEASE_AGENT', cap('SYS_ADMIN'), mac.confidenceCap);
  if (!selinux) emit('CE_HOST_FD', cap('DAC_READ_SEARCH'));
  if (root.root && !selinux)
    emit('CE_UMH_CORE_PATTERN', best(umhHits(mounts, context)));
  if (root.root) emit('EXPLOIT_HOST_WRITE', best(writeHits(mounts, context)));
  if (root.root) emit('EXPLOIT_HOST_READ', best(readHits(mounts)));
  if (root.root || gidsOf(security).includes(0))
    emit('EXPLOIT_CONTAINERD_SOCK', best(socketHits(mounts)));
  const traverse =
    root.root && kubeletPodsHits(mounts, facts.kubeletRootDir.value).length > 0;
  const token = tokenMounted({
    pod: spec,
    container: view,
    apiAudiences: policy.apiAudiences,
  }).mounted;
  return { escapes, traverse, token };
}

const containerOf = (id: string) => id.split('/').at(-1) ?? '';

/** Checks must/mustNot facts of Container -> Node kinds this file evaluates. */
const EVALUATED = new Set([
  'CE_PRIV_MOUNT',
  'CE_NSENTER',
  'CE_MODULE_LOAD',
  'CE_SYS_PTRACE',
  'CE_CGROUP_RELEASE_AGENT',
  'CE_HOST_FD',
  'CE_UMH_CORE_PATTERN',
  'EXPLOIT_HOST_WRITE',
  'EXPLOIT_HOST_READ',
  'EXPLOIT_CONTAINERD_SOCK',
]);

function checkFacts(
  escapes: Escapes,
  must: readonly EdgeFact[],
  mustNot: readonly EdgeFact[],
) {
  for (const fact of must) {
    if (!EVALUATED.has(fact.kind) || !fact.to?.startsWith('Node:')) continue;
    expect(escapes.has(fact.kind), `${fact.from} ${fact.kind}`).toBe(true);
    if (fact.confidence !== undefined)
      expect(escapes.get(fact.kind), `${fact.from} ${fact.kind}`).toBe(
        fact.confidence,
      );
  }
  for (const fact of mustNot) {
    if (
      !fact.to?.startsWith('Node:') ||
      fact.to === 'Node:kubehound.test.local-worker'
    )
      continue;
    if (fact.kind === '*') expect([...escapes.keys()], fact.from).toEqual([]);
    else if (EVALUATED.has(fact.kind))
      expect(escapes.has(fact.kind), `${fact.from} ${fact.kind}`).toBe(false);
  }
}

interface BadPodsClass {
  readonly class: string;
  readonly file: string;
  readonly container: string;
  readonly escapes: {
    readonly mustHave: EdgeFact[];
    readonly mustNotHave: EdgeFact[];
  };
  readonly otherEdges: {
    readonly mustHave: EdgeFact[];
    readonly mustNotHave: EdgeFact[];
  };
  readonly predictedEscapeKinds: readonly string[];
  readonly factVariants?: readonly {
    policy: unknown;
    mustHave?: EdgeFact[];
    mustNotHave?: EdgeFact[];
  }[];
  readonly augmented?: {
    containerSecurityContext: Record<string, unknown>;
    mustNotHave: EdgeFact[];
  };
}

const badPods = JSON.parse(
  readFileSync(new URL('expected.json', BADPODS), 'utf8'),
) as { classes: BadPodsClass[] };

describe('Bad Pods conformance (shared/conformance/badpods)', () => {
  it('finds the eight manifests', () => {
    expect(readdirSync(BADPODS).filter(f => f.endsWith('.yaml'))).toHaveLength(
      8,
    );
    expect(badPods.classes).toHaveLength(8);
  });

  describe.each(badPods.classes)('$class', c => {
    const [pod] = loadYaml(new URL(c.file, BADPODS));
    if (!pod) throw new Error(`empty ${c.file}`);
    const name = containerOf(c.container);

    it('gives exactly the predicted escape kinds at the expected confidence', () => {
      const { escapes, traverse, token } = escapesOf(pod, DEFAULT_POLICY, name);
      expect([...escapes.keys()].sort()).toEqual(
        [...c.predictedEscapeKinds].sort(),
      );
      checkFacts(escapes, c.escapes.mustHave, c.escapes.mustNotHave);
      const traverseExpected = c.otherEdges.mustHave.some(
        f => f.kind === 'EXPLOIT_HOST_TRAVERSE',
      );
      expect(traverse).toBe(traverseExpected);
      expect(token).toBe(true);
    });

    it.each(c.factVariants ?? [])('under policy $policy', variant => {
      const { escapes } = escapesOf(pod, policyOf(variant.policy), name);
      checkFacts(escapes, variant.mustHave ?? [], variant.mustNotHave ?? []);
    });

    if (c.augmented) {
      const augmented = c.augmented;
      it('run as non-root: nothing is left', () => {
        const spec = pod.spec as { containers: Record<string, unknown>[] };
        const copy: KubeObject = {
          ...pod,
          spec: {
            ...spec,
            containers: spec.containers.map(ct => ({
              ...ct,
              securityContext: {
                ...(ct.securityContext as object | undefined),
                ...augmented.containerSecurityContext,
              },
            })),
          },
        };
        const { escapes, traverse } = escapesOf(copy, DEFAULT_POLICY, name);
        checkFacts(escapes, [], augmented.mustNotHave);
        expect(traverse).toBe(false);
      });
    }
  });

  it('priv pod: Root, and EffCaps holds SYS_ADMIN, SYS_MODULE and DAC_READ_SEARCH', () => {
    const [pod] = loadYaml(new URL('priv-exec-pod.yaml', BADPODS));
    if (!pod) throw new Error('empty');
    const spec = podSpecOf(pod);
    const container = spec.containers[0];
    if (!container) throw new Error('no container');
    const facts = nodeFactsOf(node('w'), { policy: DEFAULT_POLICY });
    const security = effectiveSecurity(spec, container);
    const root = rootOf({
      pod: spec,
      container,
      security,
      node: facts,
      policy: DEFAULT_POLICY,
    });
    expect(root).toMatchObject({ root: true, confidence: 'high' });
    const caps = effectiveCapabilities({
      root: root.root,
      security,
      runtime: facts.runtime.value,
    }).caps;
    for (const cap of [
      'SYS_ADMIN',
      'SYS_MODULE',
      'DAC_READ_SEARCH',
      'SYS_PTRACE',
    ])
      expect(caps.has(cap)).toBe(true);
  });

  it('hostpath pod: / covers the UMH, WRITE, READ, SOCKETS and KUBELET_PODS locations', () => {
    const [pod] = loadYaml(new URL('hostpath-exec-pod.yaml', BADPODS));
    if (!pod) throw new Error('empty');
    const spec = podSpecOf(pod);
    const container = spec.containers[0];
    if (!container) throw new Error('no container');
    const mounts = hostPathMountsOf(spec, container, pod);
    const facts = nodeFactsOf(node('w'), { policy: DEFAULT_POLICY });
    const context = { node: facts, rroHonoured: 'unknown' as const };
    expect(mounts.map(m => [m.path, m.readOnly])).toEqual([['/', false]]);
    expect(umhHits(mounts, context).map(h => h.location)).toContain(
      '/proc/sys/kernel/core_pattern',
    );
    expect(writeHits(mounts, context).length).toBeGreaterThan(40);
    expect(readHits(mounts).map(h => h.location)).toEqual(
      expect.arrayContaining([
        '/root/.ssh',
        '/etc/kubernetes',
        '/var/lib/kubelet/pki',
      ]),
    );
    expect(socketHits(mounts).map(h => h.location)).toContain(
      '/run/containerd/containerd.sock',
    );
    expect(kubeletPodsHits(mounts)).toHaveLength(1);
  });
});

interface Scenario {
  readonly file: string;
  readonly mustHave?: EdgeFact[];
  readonly mustNotHave?: EdgeFact[];
  readonly factVariants?: readonly {
    policy: unknown;
    mustHave?: EdgeFact[];
    mustNotHave?: EdgeFact[];
  }[];
}

const kubehound = JSON.parse(
  readFileSync(new URL('expected.json', KUBEHOUND), 'utf8'),
) as { scenarios: Scenario[] };

describe('KubeHound fixtures: Container-sourced escape facts (shared/conformance/kubehound)', () => {
  const scenarios = kubehound.scenarios.filter(s =>
    [...(s.mustHave ?? []), ...(s.mustNotHave ?? [])].some(
      f => f.from.startsWith('Container:') && f.to?.startsWith('Node:'),
    ),
  );

  it.each(scenarios.map(s => [s.file, s] as const))('%s', (_file, scenario) => {
    const pods = loadYaml(
      new URL(`attacks/${scenario.file}`, KUBEHOUND),
    ).filter(o => o.kind === 'Pod');
    const byContainer = new Map<string, KubeObject>();
    for (const pod of pods) {
      for (const c of containersOf(podSpecOf(pod)))
        byContainer.set(
          `Container:${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}/${c.name}`,
          pod,
        );
    }
    const run = (
      policy: Policy,
      must: readonly EdgeFact[],
      mustNot: readonly EdgeFact[],
    ) => {
      for (const [id, pod] of byContainer) {
        const { escapes } = escapesOf(pod, policy, containerOf(id));
        checkFacts(
          escapes,
          must.filter(f => f.from === id),
          mustNot.filter(f => f.from === id),
        );
      }
    };
    expect(byContainer.size).toBeGreaterThan(0);
    run(DEFAULT_POLICY, scenario.mustHave ?? [], scenario.mustNotHave ?? []);
    for (const variant of scenario.factVariants ?? []) {
      run(
        policyOf(variant.policy),
        variant.mustHave ?? [],
        variant.mustNotHave ?? [],
      );
    }
  });
});
