import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import type { KubeObject, Snapshot } from '@chokepoint/model';
import { CONFORMANCE } from '../../../../test/support/paths.ts';
import {
  REAL_COMPONENTS,
  readComponent,
} from '../../../../test/support/real-manifests.ts';
import { buildGraph, mergePatch } from '../../src/index.ts';
import { admissionProblems } from '../../src/chokepoints/admission.ts';
import { candidatesForEdge } from '../../src/chokepoints/candidates.ts';
import { fixForField } from '../../src/chokepoints/field-fix.ts';
import { BASE, snapshotOf } from '../manifests.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;
const ATTACKS = new URL('../fixtures/attacks/', import.meta.url).pathname;

const pod = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec,
});

describe('admission: what the API server refuses and the kubelet never starts', () => {
  it('refuses allowPrivilegeEscalation: false on a privileged container', () => {
    const before = pod({
      containers: [
        { name: 'c', image: 'i', securityContext: { privileged: true } },
      ],
    });
    const after = mergePatch(before, {
      spec: {
        containers: [
          {
            name: 'c',
            image: 'i',
            securityContext: {
              privileged: true,
              allowPrivilegeEscalation: false,
            },
          },
        ],
      },
    }) as KubeObject;
    expect(admissionProblems(before, after)).toEqual([
      {
        by: 'api-server',
        message:
          'container c: cannot set allowPrivilegeEscalation to false and privileged to true',
      },
    ]);
  });

  it('never starts runAsNonRoot with UID 0, or with no UID the spec shows', () => {
    const before = pod({ containers: [{ name: 'c', image: 'i' }] });
    const zero = pod({
      securityContext: { runAsNonRoot: true },
      containers: [
        { name: 'c', image: 'i', securityContext: { runAsUser: 0 } },
      ],
    });
    const none = pod({
      securityContext: { runAsNonRoot: true },
      containers: [{ name: 'c', image: 'i' }],
    });
    expect(admissionProblems(before, zero).map(p => p.by)).toEqual(['kubelet']);
    expect(admissionProblems(before, none)[0]?.message).toMatch(
      /runAsNonRoot without runAsUser/,
    );
    // What already runs is not the fix's problem.
    expect(admissionProblems(none, none)).toEqual([]);
  });

  it('refuses a mount of a removed volume, and knows who rewrites what', () => {
    const before = pod({
      volumes: [{ name: 'v', hostPath: { path: '/' } }],
      containers: [
        {
          name: 'c',
          image: 'i',
          volumeMounts: [{ name: 'v', mountPath: '/h' }],
        },
      ],
    });
    expect(
      admissionProblems(
        before,
        mergePatch(before, { spec: { volumes: [] } }) as KubeObject,
      )[0]?.message,
    ).toBe('container c: volume mount v names no volume');
    const aggregated: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'monitoring' },
      aggregationRule: {
        clusterRoleSelectors: [
          {
            matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' },
          },
        ],
      },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }],
    };
    expect(
      admissionProblems(aggregated, { ...aggregated, rules: [] }).map(
        p => p.by,
      ),
    ).toEqual(['controller']);
  });

  it('refuses Bidirectional mount propagation in a container that is no longer privileged', () => {
    const before = pod({
      volumes: [{ name: 'dev', hostPath: { path: '/dev' } }],
      containers: [
        {
          name: 'c',
          image: 'i',
          securityContext: { privileged: true },
          volumeMounts: [
            {
              name: 'dev',
              mountPath: '/host/dev',
              mountPropagation: 'Bidirectional',
            },
          ],
        },
      ],
    });
    const bare = mergePatch(before, {
      spec: {
        containers: [
          {
            name: 'c',
            image: 'i',
            securityContext: { privileged: false },
            volumeMounts: [
              {
                name: 'dev',
                mountPath: '/host/dev',
                mountPropagation: 'Bidirectional',
              },
            ],
          },
        ],
      },
    }) as KubeObject;
    expect(admissionProblems(before, bare)).toEqual([
      {
        by: 'api-server',
        message:
          'container c: Bidirectional mount propagation (/host/dev) is available only to privileged containers',
      },
    ]);
    // The engine's fix lowers the propagation with the privilege.
    const fix = fixForField(
      before,
      'spec.containers[0].securityContext.privileged',
    );
    const fixed = mergePatch(before, fix?.patch ?? {}) as KubeObject;
    expect(admissionProblems(before, fixed)).toEqual([]);
    expect(fix?.description).toMatch(
      /\/host\/dev from Bidirectional to HostToContainer/,
    );
  });

  it('refuses load-balancer fields on a Service that is no longer a LoadBalancer', () => {
    const before: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'default' },
      spec: {
        type: 'LoadBalancer',
        loadBalancerSourceRanges: ['10.0.0.0/8'],
        ports: [{ port: 80 }],
      },
    };
    const after = mergePatch(before, {
      spec: { type: 'ClusterIP' },
    }) as KubeObject;
    expect(admissionProblems(before, after)[0]?.message).toMatch(
      /loadBalancerSourceRanges may only be used when type is LoadBalancer/,
    );
  });
});

async function snapshotOfDir(dir: string): Promise<Snapshot> {
  return readInputs([dir], {
    readStdin: () => Promise.resolve(''),
    now: () => new Date(0),
    tool: 'test',
  });
}

/** Every candidate fix of every edge, with the object it changes. */
function everyFix(snapshot: Snapshot) {
  const build = buildGraph(snapshot);
  const ctx = { index: build.index, rbac: build.rbac };
  const out = new Map<
    string,
    { fix: ReturnType<typeof candidatesForEdge>[number]; before: KubeObject }
  >();
  build.graph.forEachEdge((_key, attributes, from, to) => {
    for (const fix of candidatesForEdge(ctx, {
      kind: attributes.kind,
      from,
      to,
      evidence: attributes.evidence,
    })) {
      const colon = fix.target.indexOf(':');
      const rest = fix.target.slice(colon + 1);
      const slash = rest.indexOf('/');
      const before = build.index.get(
        fix.target.slice(0, colon),
        slash === -1 ? '' : rest.slice(0, slash),
        slash === -1 ? rest : rest.slice(slash + 1),
      );
      if (before !== undefined) out.set(fix.id, { fix, before });
    }
  });
  return [...out.values()];
}

describe('every candidate fix is admissible', () => {
  const inputs: [string, () => Promise<Snapshot>][] = [
    ['the demo cluster', () => snapshotOfDir(DEMO)],
    [
      'the Bad Pods',
      () =>
        snapshotOf(
          [
            BASE,
            ...readdirSync(join(CONFORMANCE, 'badpods'))
              .filter(f => f.endsWith('.yaml'))
              .map(f => readFileSync(join(CONFORMANCE, 'badpods', f), 'utf8')),
          ].join('\n---\n'),
        ),
    ],
    // The real install manifests: longhorn-manager's Bidirectional mount.
    ...REAL_COMPONENTS.map(
      c =>
        [`the real ${c.name} manifests`, () => readComponent(c)] as [
          string,
          () => Promise<Snapshot>,
        ],
    ),
    ...readdirSync(ATTACKS)
      .filter(f => f.endsWith('.yaml'))
      .map(
        f =>
          [
            `the ${f} fixture`,
            () => snapshotOf(readFileSync(join(ATTACKS, f), 'utf8')),
          ] as [string, () => Promise<Snapshot>],
      ),
  ];

  it.each(inputs)('on %s', async (_name, load) => {
    const fixes = everyFix(await load());
    for (const { fix, before } of fixes) {
      const after =
        fix.action === 'delete'
          ? undefined
          : (mergePatch(before, fix.patch ?? {}) as KubeObject);
      expect(admissionProblems(before, after), fix.id).toEqual([]);
    }
  });

  it('runs a container that had UID 0 as the non-root UID when the fix sets runAsNonRoot', async () => {
    const snapshot = await snapshotOf(`${BASE}---
apiVersion: v1
kind: Pod
metadata: { name: root-app, namespace: default }
spec:
  nodeName: worker-1
  securityContext: { runAsUser: 0 }
  volumes: [{ name: host, hostPath: { path: /var/lib/kubelet/pods } }]
  containers:
  - name: app
    image: registry.example.com/app:1.0
    volumeMounts: [{ name: host, mountPath: /pods }]
`);
    const nonRoot = everyFix(snapshot).find(f =>
      f.fix.description.startsWith('run as a non-root user'),
    );
    expect(nonRoot?.fix.patch).toEqual({
      spec: { securityContext: { runAsUser: 65532, runAsNonRoot: true } },
    });
  });
});
