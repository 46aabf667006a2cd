import { beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '@chokepoint/collector';
import type { Snapshot } from '@chokepoint/model';
import { buildGraph } from '../../src/index.ts';
import { impactOf } from '../../src/chokepoints/impact/index.ts';
import type {
  FixChange,
  ImpactContext,
} from '../../src/chokepoints/impact/index.ts';
import { KNOWLEDGE } from '../../src/chokepoints/knowledge/index.ts';
import { breadthOf } from '../../src/chokepoints/breadth.ts';
import { ownSecretNamespaceFix } from '../../src/chokepoints/kinds/secret-namespace.ts';
import { BASE, snapshotOf } from '../manifests.ts';
import {
  readComponent,
  realComponent,
} from '../../../../test/support/real-manifests.ts';

const DEMO = new URL('../../../../examples/demo-cluster/', import.meta.url)
  .pathname;

function contextOf(snapshot: Snapshot): ImpactContext {
  const { index, rbac } = buildGraph(snapshot);
  return { index, rbac, knowledge: KNOWLEDGE };
}

const patch = (
  target: string,
  body: Record<string, unknown>,
  replaces?: string[],
): FixChange => ({
  action: 'patch',
  target,
  patch: body,
  ...(replaces ? { replaces } : {}),
});

describe('impact of fixes on the demo cluster', () => {
  let ctx: ImpactContext;
  beforeAll(async () => {
    ctx = contextOf(
      await readInputs([DEMO], {
        readStdin: () => Promise.resolve(''),
        now: () => new Date(0),
        tool: 'test',
      }),
    );
  });

  it('says turning off kube-proxy’s privileged mode breaks kube-proxy, and why', () => {
    const impact = impactOf(
      ctx,
      patch('DaemonSet:kube-system/kube-proxy', {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'kube-proxy',
                  image: 'registry.k8s.io/kube-proxy:v1.31.4',
                  securityContext: { privileged: false },
                },
              ],
            },
          },
        },
      }),
    );
    expect(impact).toMatchObject({ level: 'breaks', component: 'kube-proxy' });
    expect(impact.reason).toMatch(/privileged mode: it programs iptables/);
  });

  it('says node-exporter needs no root, so running it as a non-root user is free', () => {
    const impact = impactOf(
      ctx,
      patch('DaemonSet:monitoring/node-exporter', {
        spec: {
          template: {
            spec: { securityContext: { runAsNonRoot: true, runAsUser: 65534 } },
          },
        },
      }),
    );
    expect(impact.level).toBe('none');
    expect(impact.reason).toMatch(
      /node-exporter .* does not need running as root/,
    );
  });

  it('says removing node-exporter’s host root mount degrades it', () => {
    const impact = impactOf(
      ctx,
      patch('DaemonSet:monitoring/node-exporter', {
        spec: {
          template: {
            spec: {
              volumes: [],
              containers: [
                {
                  name: 'node-exporter',
                  image: 'quay.io/prometheus/node-exporter:v1.8.2',
                  volumeMounts: [],
                },
              ],
            },
          },
        },
      }),
    );
    expect(impact).toMatchObject({
      level: 'degrades',
      component: 'node-exporter',
    });
  });

  it('says Prometheus needs its token, and loses scrape discovery without its ClusterRoleBinding', () => {
    expect(
      impactOf(
        ctx,
        patch('ServiceAccount:monitoring/prometheus', {
          automountServiceAccountToken: false,
        }),
      ),
    ).toMatchObject({ level: 'breaks', component: 'prometheus' });
    expect(
      impactOf(ctx, {
        action: 'delete',
        target: 'ClusterRoleBinding:prometheus',
      }),
    ).toMatchObject({ level: 'breaks', component: 'prometheus' });
  });

  it('says removing only nodes/proxy from Prometheus’s role degrades scrape jobs that use the node proxy', () => {
    const impact = impactOf(
      ctx,
      patch('ClusterRole:prometheus', {
        rules: [
          {
            apiGroups: [''],
            resources: [
              'nodes',
              'nodes/metrics',
              'services',
              'endpoints',
              'pods',
            ],
            verbs: ['get', 'list', 'watch'],
          },
          { nonResourceURLs: ['/metrics'], verbs: ['get'] },
        ],
      }),
    );
    expect(impact).toMatchObject({
      level: 'degrades',
      component: 'prometheus',
    });
    expect(impact.reason).toMatch(/get nodes\/proxy: only scrape jobs/);
  });

  it('says an application whose ServiceAccount holds permissions degrades without its token, and who loses a binding', () => {
    expect(
      impactOf(
        ctx,
        patch('Deployment:web/frontend', {
          spec: { template: { spec: { automountServiceAccountToken: false } } },
        }),
      ),
    ).toMatchObject({
      level: 'degrades',
      component: 'Deployment:web/frontend',
    });
    const deleted = impactOf(ctx, {
      action: 'delete',
      target: 'RoleBinding:ci/web-team-edit',
    });
    expect(deleted.level).toBe('degrades');
    expect(deleted.reason).toContain(
      'Deployment:web/frontend runs as ServiceAccount:web/storefront and loses ClusterRole:edit in namespace ci',
    );
    expect(deleted.reason).toContain(
      'members of group web-developers lose ClusterRole:edit in namespace ci',
    );
  });

  it('says making a Service a ClusterIP degrades it when an Ingress still routes to it, and breaks it otherwise', () => {
    const toClusterIp = { spec: { type: 'ClusterIP' } };
    expect(
      impactOf(ctx, patch('Service:web/frontend', toClusterIp)),
    ).toMatchObject({ level: 'degrades', component: 'Service:web/frontend' });
    expect(
      impactOf(ctx, patch('Service:ci/runner-webhooks', toClusterIp)).level,
    ).toBe('breaks');
  });

  it('says a Pod Security label breaks the workloads that violate it and nothing where all pass', () => {
    const label = (level: string) => ({
      metadata: { labels: { 'pod-security.kubernetes.io/enforce': level } },
    });
    const ci = impactOf(ctx, patch('Namespace:ci', label('baseline')));
    expect(ci).toMatchObject({
      level: 'breaks',
      component: 'StatefulSet:ci/runner',
    });
    expect(ci.reason).toMatch(/hostPathVolumes/);
    expect(impactOf(ctx, patch('Namespace:web', label('baseline'))).level).toBe(
      'none',
    );
    expect(
      impactOf(ctx, patch('Namespace:web', label('restricted'))).level,
    ).toBe('breaks');
  });

  it('measures how narrow a fix is: one subject of a binding before one workload field before the whole binding', () => {
    const subject = breadthOf(
      ctx,
      patch('RoleBinding:ci/web-team-edit', {
        subjects: [
          {
            kind: 'Group',
            name: 'web-developers',
            apiGroup: 'rbac.authorization.k8s.io',
          },
        ],
      }),
    );
    const binding = breadthOf(ctx, {
      action: 'delete',
      target: 'RoleBinding:ci/web-team-edit',
    });
    const field = breadthOf(
      ctx,
      patch(
        'Deployment:web/frontend',
        {
          spec: { template: { spec: { automountServiceAccountToken: false } } },
        },
        [
          'Pod:web/frontend-7d9f8c6b5d-4xk2p',
          'Pod:web/frontend-7d9f8c6b5d-9mrtq',
        ],
      ),
    );
    expect(subject.class).toBe(0);
    expect(field).toEqual({ class: 1, amount: 2 });
    expect(binding.class).toBe(2);
    // The binding's two subjects lose all of edit; the narrowing, one of them.
    expect(binding.amount).toBe(2 * subject.amount);
  });

  it('says who loses a long-lived token Secret', () => {
    expect(
      impactOf(ctx, {
        action: 'delete',
        target: 'Secret:kube-system/deploy-bot-token',
      }),
    ).toMatchObject({ level: 'degrades' });
    expect(
      impactOf(ctx, {
        action: 'delete',
        target: 'Secret:payments/payments-db',
      }),
    ).toMatchObject({
      level: 'breaks',
      component: 'Deployment:payments/payments-api',
    });
  });
});

const APP = `${BASE}---
apiVersion: v1
kind: ServiceAccount
metadata: { name: app, namespace: default }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: app, namespace: default }
spec:
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
      serviceAccountName: app
      containers:
      - name: app
        image: registry.example.com/app:1.0
`;

describe('impact from what the cluster shows about an unknown workload', () => {
  it('says nothing is lost when no container names the token and the ServiceAccount holds no permissions', async () => {
    const ctx = contextOf(await snapshotOf(APP));
    const impact = impactOf(
      ctx,
      patch('ServiceAccount:default/app', {
        automountServiceAccountToken: false,
      }),
    );
    expect(impact.level).toBe('none');
    expect(impact.reason).toMatch(
      /nothing shows Deployment:default\/app uses its token/,
    );
  });

  it('says a workload whose container reads the token path breaks without it', async () => {
    const ctx = contextOf(
      await snapshotOf(
        APP.replace(
          'image: registry.example.com/app:1.0',
          `image: registry.example.com/app:1.0
        args: ['--token-file=/var/run/secrets/kubernetes.io/serviceaccount/token']`,
        ),
      ),
    );
    const impact = impactOf(
      ctx,
      patch('ServiceAccount:default/app', {
        automountServiceAccountToken: false,
      }),
    );
    expect(impact).toMatchObject({
      level: 'breaks',
      component: 'Deployment:default/app',
    });
  });

  it('says deleting a binding whose ServiceAccount no workload uses costs nothing', async () => {
    const ctx = contextOf(
      await snapshotOf(`${APP}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ghost-admin }
subjects: [{ kind: ServiceAccount, name: ghost, namespace: default }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
`),
    );
    const impact = impactOf(ctx, {
      action: 'delete',
      target: 'ClusterRoleBinding:ghost-admin',
    });
    expect(impact.level).toBe('none');
    expect(impact.reason).toMatch(
      /no workload runs as ServiceAccount:default\/ghost/,
    );
  });

  it('says deleting a finished Job costs nothing', async () => {
    const ctx = contextOf(
      await snapshotOf(`${BASE}---
apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: default }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: migrate, image: registry.example.com/migrate:1.0 }]
status:
  succeeded: 1
  conditions: [{ type: Complete, status: 'True' }]
`),
    );
    expect(
      impactOf(ctx, { action: 'delete', target: 'Job:default/migrate' }).level,
    ).toBe('none');
  });
});

const INGRESS_NGINX = `${BASE}---
apiVersion: v1
kind: ServiceAccount
metadata: { name: ingress-nginx, namespace: ingress-nginx }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ingress-nginx }
rules:
- apiGroups: ['']
  resources: [configmaps, endpoints, nodes, pods, secrets, namespaces]
  verbs: [list, watch]
- apiGroups: [networking.k8s.io]
  resources: [ingresses]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ingress-nginx }
subjects: [{ kind: ServiceAccount, name: ingress-nginx, namespace: ingress-nginx }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ingress-nginx }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ingress-nginx-controller, namespace: ingress-nginx }
spec:
  selector: { matchLabels: { app: ingress-nginx } }
  template:
    metadata: { labels: { app: ingress-nginx } }
    spec:
      serviceAccountName: ingress-nginx
      containers:
      - name: controller
        image: registry.k8s.io/ingress-nginx/controller:v1.11.2
`;

describe('impact on a known controller’s permissions', () => {
  it('says a binding whose permissions another binding still grants takes nothing away', async () => {
    const ctx = contextOf(
      await snapshotOf(`${INGRESS_NGINX}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ingress-nginx-extra-view }
subjects: [{ kind: ServiceAccount, name: ingress-nginx, namespace: ingress-nginx }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ingress-nginx }
`),
    );
    const impact = impactOf(ctx, {
      action: 'delete',
      target: 'ClusterRoleBinding:ingress-nginx-extra-view',
    });
    expect(impact.level).toBe('none');
    expect(impact.reason).toMatch(
      /keeps ClusterRole:ingress-nginx cluster-wide through other bindings/,
    );
    // Either binding alone: the other still grants the same role.
    expect(
      impactOf(ctx, {
        action: 'delete',
        target: 'ClusterRoleBinding:ingress-nginx',
      }).level,
    ).toBe('none');
  });

  it('says what a ServiceAccount is for when a known component creates its pods with it on demand', async () => {
    const ctx = contextOf(
      await snapshotOf(`${BASE}---
apiVersion: v1
kind: ServiceAccount
metadata: { name: longhorn-support-bundle, namespace: longhorn-system }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: longhorn-support-bundle }
subjects: [{ kind: ServiceAccount, name: longhorn-support-bundle, namespace: longhorn-system }]
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: longhorn-manager, namespace: longhorn-system }
spec:
  selector: { matchLabels: { app: longhorn-manager } }
  template:
    metadata: { labels: { app: longhorn-manager } }
    spec:
      serviceAccountName: longhorn-service-account
      containers:
      - name: longhorn-manager
        image: docker.io/longhornio/longhorn-manager:v1.12.1
        command: [longhorn-manager, -d, daemon]
`),
    );
    const impact = impactOf(ctx, {
      action: 'delete',
      target: 'ClusterRoleBinding:longhorn-support-bundle',
    });
    expect(impact).toMatchObject({
      level: 'degrades',
      component: 'longhorn-manager',
    });
    expect(impact.reason).toMatch(/support bundles/);
  });

  it('says removing secrets from ingress-nginx’s ClusterRole breaks TLS, and says why', async () => {
    const ctx = contextOf(await snapshotOf(INGRESS_NGINX));
    const impact = impactOf(
      ctx,
      patch('ClusterRole:ingress-nginx', {
        rules: [
          {
            apiGroups: [''],
            resources: [
              'configmaps',
              'endpoints',
              'nodes',
              'pods',
              'namespaces',
            ],
            verbs: ['list', 'watch'],
          },
          {
            apiGroups: ['networking.k8s.io'],
            resources: ['ingresses'],
            verbs: ['get', 'list', 'watch'],
          },
        ],
      }),
    );
    expect(impact).toMatchObject({
      level: 'breaks',
      component: 'ingress-nginx',
    });
    expect(impact.reason).toMatch(
      /list, watch secrets: it serves the TLS certificates/,
    );
  });
});

describe('impact judged by what a component still holds after the fix (real roles)', () => {
  async function real(name: string): Promise<ImpactContext> {
    return contextOf(await readComponent(realComponent(name)));
  }

  /** The role's rules with rule `i` changed. */
  function rulesWith(
    ctx: ImpactContext,
    role: string,
    i: number,
    change: (rule: Record<string, unknown>) => Record<string, unknown>,
  ): Record<string, unknown>[] {
    const object = ctx.index.get('ClusterRole', '', role);
    const rules = (object?.rules ?? []) as Record<string, unknown>[];
    expect(rules[i]).toBeDefined();
    return rules.map((r, j) => (j === i ? change(r) : r));
  }

  it('says gatekeeper’s `*` read written out without secrets degrades audit only: its webhooks and its own Secret stay granted', async () => {
    const ctx = await real('gatekeeper');
    const rules = rulesWith(ctx, 'gatekeeper-manager-role', 1, rule => {
      expect(rule.resources).toEqual(['*']);
      return {
        ...rule,
        resources: [
          'pods',
          'namespaces',
          'configmaps',
          'deployments',
          'validatingwebhookconfigurations',
          'mutatingwebhookconfigurations',
        ],
      };
    });
    const impact = impactOf(
      ctx,
      patch('ClusterRole:gatekeeper-manager-role', { rules }),
    );
    // The lost `get, list, watch` on `*` overlaps the webhook need, but the
    // written-out rule (and rule 4) still grant those; the webhook Secret is
    // granted by the Role in gatekeeper-system.
    expect(impact).toMatchObject({
      level: 'degrades',
      component: 'gatekeeper',
    });
    expect(impact.reason).toMatch(
      /needs get, list, watch every resource: audit and data replication/,
    );
    expect(impact.reason).not.toMatch(/webhook/);
  });

  it('still says gatekeeper breaks when its ClusterRoleBinding goes: its webhooks are granted nowhere else', async () => {
    const ctx = await real('gatekeeper');
    const impact = impactOf(ctx, {
      action: 'delete',
      target: 'ClusterRoleBinding:gatekeeper-manager-rolebinding',
    });
    expect(impact).toMatchObject({ level: 'breaks', component: 'gatekeeper' });
    expect(impact.reason).toMatch(
      /validatingwebhookconfigurations.*: it registers and updates its own admission webhooks/,
    );
  });

  it('says ingress-nginx’s ClusterRole without secrets breaks TLS: nothing else grants what it needs', async () => {
    const ctx = await real('ingress-nginx');
    const rules = rulesWith(ctx, 'ingress-nginx', 0, rule => ({
      ...rule,
      resources: (rule.resources as string[]).filter(r => r !== 'secrets'),
    }));
    const impact = impactOf(ctx, patch('ClusterRole:ingress-nginx', { rules }));
    expect(impact).toMatchObject({
      level: 'breaks',
      component: 'ingress-nginx',
    });
    expect(impact.reason).toMatch(
      /needs list, watch secrets: it serves the TLS certificates/,
    );
  });

  /** cert-manager's candidate that moves the webhook's CA Secret to a namespace of its own. */
  async function movedSecret(): Promise<{
    ctx: ImpactContext;
    fix: FixChange;
  }> {
    const snapshot = await readComponent(realComponent('cert-manager'));
    const { index, rbac } = buildGraph(snapshot);
    const binding = index.get(
      'RoleBinding',
      'cert-manager',
      'cert-manager-webhook:dynamic-serving',
    );
    const role = index.get(
      'Role',
      'cert-manager',
      'cert-manager-webhook:dynamic-serving',
    );
    const fix =
      binding && role ? ownSecretNamespaceFix(index, binding, role) : undefined;
    expect(fix).toBeDefined();
    return {
      ctx: { index, rbac, knowledge: KNOWLEDGE },
      fix: fix ?? { action: 'delete', target: '' },
    };
  }

  it('says moving cert-manager webhook’s CA Secret to a namespace of its own breaks nothing: its flag says where, its Role is there', async () => {
    const { ctx, fix } = await movedSecret();
    expect(impactOf(ctx, fix)).toEqual({
      level: 'none',
      reason:
        'cert-manager webhook (Deployment:cert-manager/cert-manager-webhook) keeps what it needs in namespace cert-manager-webhook-ca, where --dynamic-serving-ca-secret-namespace now puts it: the webhook keeps making and renewing its CA there, and the CA injector copies it into the webhook configurations from there',
    });
  });

  it('says the same move breaks the webhook when its flag is left naming cert-manager: its Secret would have no Role there', async () => {
    const { ctx, fix } = await movedSecret();
    const unflagged: FixChange = {
      ...fix,
      also: (fix.also ?? []).filter(
        p => p.target !== 'Deployment:cert-manager/cert-manager-webhook',
      ),
    };
    const impact = impactOf(ctx, unflagged);
    expect(impact).toMatchObject({
      level: 'breaks',
      component: 'cert-manager-webhook',
    });
    expect(impact.reason).toMatch(
      /needs get, list, watch, update secrets "cert-manager-webhook-ca"; create secrets: it creates and renews the CA Secret/,
    );
  });
});
