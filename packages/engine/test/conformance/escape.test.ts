// Conformance of the escape group (catalog 3.2, 3.3, IDENTITY_ASSUME of 3.4)
// against shared/conformance: the KubeHound attack fixtures with the scaffold
// of kubehound/expected.json (nodes, namespaces, default ServiceAccounts,
// placement as spec.nodeName), and the Bad Pods classes of
// badpods/expected.json. Only facts of the kinds below are asserted; a
// wildcard kind `*` is checked against these kinds (the other rules are not
// run here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RuleEdgeKind } from '@chokepoint/model';
import type { RuleSet } from '../../src/build-graph.ts';
import { ceCgroupReleaseAgent } from '../../src/rules/ce-cgroup-release-agent.ts';
import { ceHostFd } from '../../src/rules/ce-host-fd.ts';
import { ceModuleLoad } from '../../src/rules/ce-module-load.ts';
import { ceNsenter } from '../../src/rules/ce-nsenter.ts';
import { cePrivMount } from '../../src/rules/ce-priv-mount.ts';
import { ceSysPtrace } from '../../src/rules/ce-sys-ptrace.ts';
import { ceUmhCorePattern } from '../../src/rules/ce-umh-core-pattern.ts';
import { ceVarLogSymlink } from '../../src/rules/ce-var-log-symlink.ts';
import { exploitContainerdSock } from '../../src/rules/exploit-containerd-sock.ts';
import { exploitHostRead } from '../../src/rules/exploit-host-read.ts';
import { exploitHostTraverse } from '../../src/rules/exploit-host-traverse.ts';
import { exploitHostWrite } from '../../src/rules/exploit-host-write.ts';
import { identityAssume } from '../../src/rules/identity-assume.ts';
import { sharePsNamespace } from '../../src/rules/share-ps-namespace.ts';
import { snapshotOf } from '../manifests.ts';
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
  record,
  scaffoldDocs,
  toYaml,
  withContainerSecurity,
} from './kubehound-input.ts';
import type { Doc } from './kubehound-input.ts';

const RULES: RuleSet = {
  CE_CGROUP_RELEASE_AGENT: ceCgroupReleaseAgent,
  CE_HOST_FD: ceHostFd,
  CE_MODULE_LOAD: ceModuleLoad,
  CE_NSENTER: ceNsenter,
  CE_PRIV_MOUNT: cePrivMount,
  CE_SYS_PTRACE: ceSysPtrace,
  CE_UMH_CORE_PATTERN: ceUmhCorePattern,
  CE_VAR_LOG_SYMLINK: ceVarLogSymlink,
  EXPLOIT_CONTAINERD_SOCK: exploitContainerdSock,
  EXPLOIT_HOST_READ: exploitHostRead,
  EXPLOIT_HOST_TRAVERSE: exploitHostTraverse,
  EXPLOIT_HOST_WRITE: exploitHostWrite,
  IDENTITY_ASSUME: identityAssume,
  SHARE_PS_NAMESPACE: sharePsNamespace,
};
const KINDS = Object.keys(RULES) as RuleEdgeKind[];
const OURS = new Set<string>(KINDS);
const graphOf = graphCache(RULES);
const { ours, oursOrAny, assertHas, assertHasNot } = edgeFactChecks(KINDS);

// ---- KubeHound ----

interface Scenario {
  readonly file: string;
  readonly mustHave?: readonly EdgeFact[];
  readonly mustNotHave?: readonly EdgeFact[];
  readonly exactOutgoing?: readonly {
    from: string;
    edges: readonly { to: string; kind: string }[];
  }[];
  readonly factVariants?: readonly FactVariant[];
  readonly augmented?: {
    readonly add: readonly Doc[];
    readonly mustHave?: readonly EdgeFact[];
    readonly mustNotHave?: readonly EdgeFact[];
  };
}

const kh = kubehoundExpected<Scenario>();
const khInput = kubehoundInput;

describe('KubeHound fixtures (full load with the scaffold)', () => {
  it('places every fixture pod on a node', async () => {
    const snapshot = await snapshotOf(khInput());
    for (const pod of snapshot.objects.Pod ?? []) {
      expect(record(pod.spec).nodeName, pod.metadata.name).toBeTypeOf('string');
    }
  });

  for (const scenario of kh.scenarios) {
    const mustHave = ours(scenario.mustHave);
    const mustNotHave = oursOrAny(scenario.mustNotHave);
    const variants = (scenario.factVariants ?? []).filter(
      v => ours(v.mustHave).length + oursOrAny(v.mustNotHave).length > 0,
    );
    const augmented = scenario.augmented;
    const augmentedFacts =
      augmented === undefined
        ? []
        : [...ours(augmented.mustHave), ...oursOrAny(augmented.mustNotHave)];
    const exact = scenario.exactOutgoing ?? [];
    if (
      mustHave.length +
        mustNotHave.length +
        variants.length +
        augmentedFacts.length +
        exact.length ===
      0
    )
      continue;

    describe(scenario.file, () => {
      if (mustHave.length > 0) {
        it.each(mustHave.map(f => [label(f), f] as const))(
          'mustHave %s',
          async (_l, fact) => {
            assertHas(await graphOf(khInput()), fact);
          },
        );
      }
      if (mustNotHave.length > 0) {
        it.each(mustNotHave.map(f => [label(f), f] as const))(
          'mustNotHave %s',
          async (_l, fact) => {
            assertHasNot(await graphOf(khInput()), fact);
          },
        );
      }
      for (const entry of exact) {
        it(`exactOutgoing ${entry.from} (escape kinds only)`, async () => {
          const graph = await graphOf(khInput());
          const actual = KINDS.flatMap(kind =>
            edgesOfKind(graph, kind)
              .filter(([from]) => from === entry.from)
              .map(([, to]) => `${kind} ${to}`),
          ).sort();
          const expected = entry.edges
            .filter(e => OURS.has(e.kind))
            .map(e => `${e.kind} ${e.to}`)
            .sort();
          expect(actual).toEqual(expected);
        });
      }
      variants.forEach((variant, i) => {
        it(`factVariant ${i} ${JSON.stringify(variant.policy)}`, async () => {
          const graph = await graphOf(khInput(), variant.policy);
          for (const fact of ours(variant.mustHave)) assertHas(graph, fact);
          for (const fact of oursOrAny(variant.mustNotHave))
            assertHasNot(graph, fact);
        });
      });
      if (augmented !== undefined && augmentedFacts.length > 0) {
        it('augmented', async () => {
          const graph = await graphOf(khInput(augmented.add));
          for (const fact of ours(augmented.mustHave)) assertHas(graph, fact);
          for (const fact of oursOrAny(augmented.mustNotHave))
            assertHasNot(graph, fact);
        });
      }
    });
  }
});

// ---- Bad Pods ----

interface BadPodsClass {
  readonly class: string;
  readonly file: string;
  readonly escapes: {
    readonly mustHave: readonly EdgeFact[];
    readonly mustNotHave: readonly EdgeFact[];
  };
  readonly otherEdges: {
    readonly mustHave: readonly EdgeFact[];
    readonly mustNotHave: readonly EdgeFact[];
  };
  readonly factVariants?: readonly FactVariant[];
  readonly augmented?: {
    readonly containerSecurityContext: Doc;
    readonly mustNotHave?: readonly EdgeFact[];
    readonly mustHave?: readonly EdgeFact[];
  };
}

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
const badPodsFile = (file: string): Doc[] =>
  docsOf(readFileSync(new URL(`badpods/${file}`, SHARED), 'utf8'));

const badPodsInput = (replace?: { file: string; docs: Doc[] }): string =>
  toYaml([
    ...badPodsScaffold,
    ...place(
      badPods.classes.flatMap(c =>
        replace?.file === c.file ? replace.docs : badPodsFile(c.file),
      ),
      () => WORKER,
    ),
  ]);

describe('Bad Pods classes (all eight loaded together)', () => {
  for (const entry of badPods.classes) {
    describe(entry.class, () => {
      const mustHave = [
        ...ours(entry.escapes.mustHave),
        ...ours(entry.otherEdges.mustHave),
      ];
      const mustNotHave = [
        ...oursOrAny(entry.escapes.mustNotHave),
        ...oursOrAny(entry.otherEdges.mustNotHave),
      ];
      if (mustHave.length > 0) {
        it.each(mustHave.map(f => [label(f), f] as const))(
          'mustHave %s',
          async (_l, fact) => {
            assertHas(await graphOf(badPodsInput()), fact);
          },
        );
      }
      if (mustNotHave.length > 0) {
        it.each(mustNotHave.map(f => [label(f), f] as const))(
          'mustNotHave %s',
          async (_l, fact) => {
            assertHasNot(await graphOf(badPodsInput()), fact);
          },
        );
      }
      it('emits no escape kind beyond the predicted ones', async () => {
        const graph = await graphOf(badPodsInput());
        const container =
          entry.escapes.mustHave[0]?.from ?? entry.escapes.mustNotHave[0]?.from;
        const predicted = new Set(entry.escapes.mustHave.map(f => f.kind));
        const actual = KINDS.filter(kind =>
          edgesOfKind(graph, kind).some(
            ([from, to]) => from === container && to.startsWith('Node:'),
          ),
        );
        expect(actual.sort()).toEqual([...predicted].sort());
      });
      (entry.factVariants ?? []).forEach((variant, i) => {
        it(`factVariant ${i} ${JSON.stringify(variant.policy)}`, async () => {
          const graph = await graphOf(badPodsInput(), variant.policy);
          for (const fact of ours(variant.mustHave)) assertHas(graph, fact);
          for (const fact of oursOrAny(variant.mustNotHave))
            assertHasNot(graph, fact);
        });
      });
      const augmented = entry.augmented;
      if (augmented !== undefined) {
        it(`augmented ${JSON.stringify(augmented.containerSecurityContext)}`, async () => {
          const docs = withContainerSecurity(
            badPodsFile(entry.file),
            augmented.containerSecurityContext,
          );
          const graph = await graphOf(badPodsInput({ file: entry.file, docs }));
          for (const fact of ours(augmented.mustHave)) assertHas(graph, fact);
          for (const fact of oursOrAny(augmented.mustNotHave))
            assertHasNot(graph, fact);
        });
      }
    });
  }
});
