import { describe, expect, it } from 'vitest';
import { podCreate } from '../../src/rules/pod-create.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { docs, grant } from '../rbac-manifests.ts';
import { evidenceOf } from './evidence-of.ts';

const CREATE_PODS = `[{ apiGroups: [''], resources: [pods], verbs: [create] }]`;
const labelled = (level: string): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata: { name: default, labels: { pod-security.kubernetes.io/enforce: ${level} } }\n`;
const BOTH = [
  ['ServiceAccount:default/sa', 'Node:cp-1'],
  ['ServiceAccount:default/sa', 'Node:worker-1'],
] as const;
const CONTROL_PLANE = `apiVersion: v1
kind: Node
metadata: { name: cp-1, labels: { node-role.kubernetes.io/control-plane: '' } }
spec: { unschedulable: true, taints: [{ key: node-role.kubernetes.io/control-plane, effect: NoSchedule }] }
`;

ruleTester(podCreate, {
  valid: [
    {
      name: 'baseline and restricted admit no wave-1 escape',
      manifests: docs(
        labelled('baseline'),
        grant('sa', 'default', CREATE_PODS),
      ),
    },
    {
      name: 'an invalid enforce label means restricted',
      manifests: docs(
        labelled('privileged-please'),
        grant('sa', 'default', CREATE_PODS),
      ),
    },
    {
      name: 'the policy default level applies to unlabelled namespaces',
      policy: { podSecurity: { defaults: { enforce: 'restricted' } } },
      manifests: docs(grant('sa', 'default', CREATE_PODS)),
    },
    {
      name: 'relabelling another namespace does not help; patching the namespace without creating pods neither',
      manifests: docs(
        labelled('restricted'),
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: other }\n',
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [create] }, { apiGroups: [''], resources: [namespaces], verbs: [patch], resourceNames: [other] }]`,
        ),
        grant(
          'sb',
          'other',
          `[{ apiGroups: [''], resources: [namespaces], verbs: [patch, update] }]`,
        ),
      ),
    },
    {
      name: 'a controller the namespace does not exempt; the holder exemption does not cover controller-made pods',
      policy: {
        podSecurity: {
          exemptions: { usernames: ['system:serviceaccount:default:sa'] },
        },
      },
      manifests: docs(
        labelled('baseline'),
        grant(
          'sa',
          'default',
          `[{ apiGroups: [apps], resources: [deployments], verbs: [create] }]`,
        ),
      ),
    },
    {
      name: 'virtual nodes are no target',
      bare: true,
      manifests: docs(
        'apiVersion: v1\nkind: Node\nmetadata: { name: vk, labels: { type: virtual-kubelet } }\n',
        grant('sa', 'default', CREATE_PODS),
      ),
    },
  ],
  invalid: [
    {
      name: 'the fixture: a privileged namespace, and a baseline one whose label the holder can change; virtual nodes excluded',
      manifests: docs(await fixture('POD_CREATE')),
      edges: [
        ['ServiceAccount:locked/relabel-yes', 'Node:cp-1', 'high'],
        ['ServiceAccount:locked/relabel-yes', 'Node:worker-1', 'high'],
        ['ServiceAccount:open/creator-yes', 'Node:cp-1', 'high'],
        ['ServiceAccount:open/creator-yes', 'Node:worker-1', 'high'],
      ],
    },
    {
      name: 'a controller exempt by username admits its pods (Deployment pods come from the replicaset-controller)',
      policy: {
        podSecurity: {
          exemptions: {
            usernames: [
              'system:serviceaccount:kube-system:replicaset-controller',
            ],
          },
        },
      },
      manifests: docs(
        labelled('restricted'),
        CONTROL_PLANE,
        grant(
          'sa',
          'default',
          `[{ apiGroups: [apps], resources: [deployments], verbs: [create] }]`,
        ),
      ),
      edges: BOTH.map(([from, to]) => [from, to, 'high'] as const),
    },
    {
      name: 'the holder itself exempt by username',
      policy: {
        podSecurity: {
          exemptions: { usernames: ['system:serviceaccount:default:sa'] },
        },
      },
      manifests: docs(
        labelled('restricted'),
        grant('sa', 'default', CREATE_PODS),
      ),
      edges: [['ServiceAccount:default/sa', 'Node:worker-1', 'high']],
    },
    {
      name: 'an exempt RuntimeClass, or Pod Security disabled',
      policy: { podSecurity: { exemptions: { runtimeClasses: ['kata'] } } },
      manifests: docs(
        labelled('baseline'),
        'apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: { name: kata }\nhandler: kata\n',
        grant('sa', 'default', CREATE_PODS),
      ),
      edges: [['ServiceAccount:default/sa', 'Node:worker-1', 'high']],
    },
    {
      name: 'AdmissionMayBlock: a validating webhook on pod creation lowers to low',
      manifests: docs(
        CONTROL_PLANE,
        grant('sa', 'default', CREATE_PODS),
        `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: policy-engine }
webhooks:
- name: validate.example.com
  admissionReviewVersions: [v1]
  sideEffects: None
  clientConfig: { service: { name: engine, namespace: default } }
  rules: [{ operations: [CREATE, UPDATE], apiGroups: [''], apiVersions: [v1], resources: [pods] }]
`,
      ),
      edges: BOTH.map(([from, to]) => [from, to, 'low'] as const),
    },
    {
      name: 'AdmissionMayBlock from manifests: an enforcing Kyverno ClusterPolicy on pods lowers to low',
      manifests: docs(
        grant('sa', 'default', CREATE_PODS),
        `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: disallow-privileged }
spec:
  validationFailureAction: Enforce
  rules:
  - name: privileged
    match: { any: [{ resources: { kinds: [Pod] } }] }
    validate: { pattern: { spec: { containers: [{ =(securityContext): { =(privileged): 'false' } }] } } }
`,
      ),
      edges: [['ServiceAccount:default/sa', 'Node:worker-1', 'low']],
    },
    {
      name: 'AdmissionMayBlock from manifests: a Gatekeeper constraint on pods lowers to low',
      manifests: docs(
        grant('sa', 'default', CREATE_PODS),
        `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sPSPPrivilegedContainer
metadata: { name: psp-privileged-container }
spec:
  match: { kinds: [{ apiGroups: [''], kinds: [Pod] }] }
`,
      ),
      edges: [['ServiceAccount:default/sa', 'Node:worker-1', 'low']],
    },
    {
      name: 'AdmissionMayBlock from manifests: a ValidatingAdmissionPolicy bound with Deny lowers to low',
      manifests: docs(
        grant('sa', 'default', CREATE_PODS),
        `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: no-privileged }
spec:
  matchConstraints:
    resourceRules: [{ operations: [CREATE], apiGroups: [''], apiVersions: [v1], resources: [pods] }]
  validations: [{ expression: 'true' }]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: no-privileged }
spec: { policyName: no-privileged, validationActions: [Deny] }
`,
      ),
      edges: [['ServiceAccount:default/sa', 'Node:worker-1', 'low']],
    },
    {
      name: 'a Kyverno policy in Audit mode and a Gatekeeper dryrun constraint block nothing',
      manifests: docs(
        grant('sa', 'default', CREATE_PODS),
        `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: audit-only }
spec:
  validationFailureAction: Audit
  rules:
  - name: privileged
    match: { any: [{ resources: { kinds: [Pod] } }] }
    validate: { pattern: { spec: { hostNetwork: 'false' } } }
---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sPSPPrivilegedContainer
metadata: { name: dry }
spec:
  enforcementAction: dryrun
  match: { kinds: [{ apiGroups: [''], kinds: [Pod] }] }
`,
      ),
      edges: [['ServiceAccount:default/sa', 'Node:worker-1', 'high']],
    },
    {
      name: 'an exemption is per user: another creator in the same restricted namespace is not exempt',
      policy: {
        podSecurity: {
          exemptions: { usernames: ['system:serviceaccount:default:sa'] },
        },
      },
      manifests: docs(
        labelled('restricted'),
        grant('sa', 'default', CREATE_PODS),
        grant('other', 'default', CREATE_PODS),
      ),
      edges: [['ServiceAccount:default/sa', 'Node:worker-1', 'high']],
    },
    {
      name: 'admission.blocksPrivileged names one namespace; an unblocked namespace still gives high',
      policy: { admission: { blocksPrivileged: ['default'] } },
      manifests: docs(
        'apiVersion: v1\nkind: Namespace\nmetadata: { name: jobs }\n',
        grant(
          'sa',
          'default',
          `[{ apiGroups: [''], resources: [pods], verbs: [create] }, { apiGroups: [batch], resources: [cronjobs], verbs: [create] }]`,
          'cluster',
        ),
      ),
      edges: [['ServiceAccount:default/sa', 'Node:worker-1', 'high']],
    },
    {
      name: 'a CronJob-only creator is medium (next schedule); blocked everywhere it is low',
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [batch], resources: [cronjobs], verbs: [create] }]`,
          'cluster',
        ),
      ),
      edges: [['ServiceAccount:default/sa', 'Node:worker-1', 'medium']],
    },
    {
      name: 'admission.blocksPrivileged "*" lowers every namespace to low',
      policy: { admission: { blocksPrivileged: ['*'] } },
      manifests: docs(
        grant(
          'sa',
          'default',
          `[{ apiGroups: [batch], resources: [cronjobs], verbs: [create] }]`,
          'cluster',
        ),
      ),
      edges: [['ServiceAccount:default/sa', 'Node:worker-1', 'low']],
    },
    {
      name: 'Windows nodes through hostProcess',
      manifests: docs(
        'apiVersion: v1\nkind: Node\nmetadata: { name: win-1, labels: { kubernetes.io/os: windows } }\n',
        grant('sa', 'default', CREATE_PODS),
      ),
      edges: [
        ['ServiceAccount:default/sa', 'Node:win-1', 'high'],
        ['ServiceAccount:default/sa', 'Node:worker-1', 'high'],
      ],
    },
  ],
});

describe('POD_CREATE evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('POD_CREATE');
    expect(
      await evidenceOf(
        podCreate,
        { manifests },
        'ServiceAccount:locked/relabel-yes',
        'Scope:nodes:escapable@cluster',
      ),
    ).toEqual({
      reason:
        'The holder can create pods, choosing their ServiceAccount, image and security context. The holder can also change the Pod Security labels of namespace locked to privileged.',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'pods',
          namespace: 'locked',
          binding: 'RoleBinding:locked/relabel-yes',
          role: 'Role:locked/create-pods-and-relabel',
          rule: 0,
        },
        {
          verb: 'patch',
          apiGroup: '',
          resource: 'namespaces',
          namespace: 'locked',
          name: 'locked',
          binding: 'RoleBinding:locked/relabel-yes',
          role: 'Role:locked/create-pods-and-relabel',
          rule: 1,
        },
      ],
      namespace: 'locked',
      via: 'create Pod',
      technique:
        'a privileged root container (hostProcess on Windows) pinned with spec.nodeName',
      facts: [
        {
          fact: 'podSecurity.enforce(locked)',
          value: 'baseline (label)',
          source: 'derived',
        },
        { fact: 'admission.mayBlock(locked)', value: false, source: 'derived' },
      ],
    });
    expect(
      await evidenceOf(
        podCreate,
        { manifests },
        'Group:system:masters',
        'Scope:nodes:escapable@cluster',
      ),
    ).toEqual({
      reason:
        'The holder can create pods, choosing their ServiceAccount, image and security context. Namespace default admits privileged pods (enforce level privileged (default)).',
      permissions: [
        {
          verb: 'create',
          apiGroup: '',
          resource: 'pods',
          binding: 'ClusterRoleBinding:cluster-admin',
          role: 'ClusterRole:cluster-admin',
          rule: 0,
          assumedDefault: true,
        },
      ],
      namespace: 'default',
      via: 'create Pod',
      technique:
        'a privileged root container (hostProcess on Windows) pinned with spec.nodeName',
      facts: [
        {
          fact: 'podSecurity.enforce(default)',
          value: 'privileged (default)',
          source: 'defaulted',
        },
        {
          fact: 'admission.mayBlock(default)',
          value: false,
          source: 'derived',
        },
      ],
      alsoVia: [
        {
          reason:
            'The holder can create pods, choosing their ServiceAccount, image and security context. Namespace kube-system admits privileged pods (enforce level privileged (default)).',
          permissions: [
            {
              verb: 'create',
              apiGroup: '',
              resource: 'pods',
              binding: 'ClusterRoleBinding:cluster-admin',
              role: 'ClusterRole:cluster-admin',
              rule: 0,
              assumedDefault: true,
            },
          ],
          namespace: 'kube-system',
          via: 'create Pod',
          technique:
            'a privileged root container (hostProcess on Windows) pinned with spec.nodeName',
          facts: [
            {
              fact: 'podSecurity.enforce(kube-system)',
              value: 'privileged (default)',
              source: 'defaulted',
            },
            {
              fact: 'admission.mayBlock(kube-system)',
              value: false,
              source: 'derived',
            },
          ],
        },
        {
          reason:
            'The holder can create pods, choosing their ServiceAccount, image and security context. The holder can also change the Pod Security labels of namespace locked to privileged.',
          permissions: [
            {
              verb: 'create',
              apiGroup: '',
              resource: 'pods',
              binding: 'ClusterRoleBinding:cluster-admin',
              role: 'ClusterRole:cluster-admin',
              rule: 0,
              assumedDefault: true,
            },
            {
              verb: 'patch',
              apiGroup: '',
              resource: 'namespaces',
              namespace: 'locked',
              name: 'locked',
              binding: 'ClusterRoleBinding:cluster-admin',
              role: 'ClusterRole:cluster-admin',
              rule: 0,
              assumedDefault: true,
            },
          ],
          namespace: 'locked',
          via: 'create Pod',
          technique:
            'a privileged root container (hostProcess on Windows) pinned with spec.nodeName',
          facts: [
            {
              fact: 'podSecurity.enforce(locked)',
              value: 'baseline (label)',
              source: 'derived',
            },
            {
              fact: 'admission.mayBlock(locked)',
              value: false,
              source: 'derived',
            },
          ],
        },
        {
          reason:
            'The holder can create pods, choosing their ServiceAccount, image and security context. Namespace open admits privileged pods (enforce level privileged (default)).',
          permissions: [
            {
              verb: 'create',
              apiGroup: '',
              resource: 'pods',
              binding: 'ClusterRoleBinding:cluster-admin',
              role: 'ClusterRole:cluster-admin',
              rule: 0,
              assumedDefault: true,
            },
          ],
          namespace: 'open',
          via: 'create Pod',
          technique:
            'a privileged root container (hostProcess on Windows) pinned with spec.nodeName',
          facts: [
            {
              fact: 'podSecurity.enforce(open)',
              value: 'privileged (default)',
              source: 'defaulted',
            },
            {
              fact: 'admission.mayBlock(open)',
              value: false,
              source: 'derived',
            },
          ],
        },
      ],
    });
    expect(
      await evidenceOf(
        podCreate,
        { manifests },
        'ServiceAccount:kube-system/cronjob-controller',
        'Scope:nodes:escapable@cluster',
      ),
    ).toEqual({
      reason:
        'The holder can create a Job whose pod template it chooses; the controller then creates the pods. Namespace default admits privileged pods (enforce level privileged (default)).',
      permissions: [
        {
          verb: 'create',
          apiGroup: 'batch',
          resource: 'jobs',
          binding: 'ClusterRoleBinding:system:controller:cronjob-controller',
          role: 'ClusterRole:system:controller:cronjob-controller',
          rule: 1,
          assumedDefault: true,
        },
      ],
      namespace: 'default',
      via: 'create Job',
      technique:
        'a privileged root container (hostProcess on Windows) pinned with spec.nodeName',
      facts: [
        {
          fact: 'podSecurity.enforce(default)',
          value: 'privileged (default)',
          source: 'defaulted',
        },
        {
          fact: 'admission.mayBlock(default)',
          value: false,
          source: 'derived',
        },
      ],
      alsoVia: [
        {
          reason:
            'The holder can create a Job whose pod template it chooses; the controller then creates the pods. Namespace kube-system admits privileged pods (enforce level privileged (default)).',
          permissions: [
            {
              verb: 'create',
              apiGroup: 'batch',
              resource: 'jobs',
              binding:
                'ClusterRoleBinding:system:controller:cronjob-controller',
              role: 'ClusterRole:system:controller:cronjob-controller',
              rule: 1,
              assumedDefault: true,
            },
          ],
          namespace: 'kube-system',
          via: 'create Job',
          technique:
            'a privileged root container (hostProcess on Windows) pinned with spec.nodeName',
          facts: [
            {
              fact: 'podSecurity.enforce(kube-system)',
              value: 'privileged (default)',
              source: 'defaulted',
            },
            {
              fact: 'admission.mayBlock(kube-system)',
              value: false,
              source: 'derived',
            },
          ],
        },
        {
          reason:
            'The holder can create a Job whose pod template it chooses; the controller then creates the pods. Namespace open admits privileged pods (enforce level privileged (default)).',
          permissions: [
            {
              verb: 'create',
              apiGroup: 'batch',
              resource: 'jobs',
              binding:
                'ClusterRoleBinding:system:controller:cronjob-controller',
              role: 'ClusterRole:system:controller:cronjob-controller',
              rule: 1,
              assumedDefault: true,
            },
          ],
          namespace: 'open',
          via: 'create Job',
          technique:
            'a privileged root container (hostProcess on Windows) pinned with spec.nodeName',
          facts: [
            {
              fact: 'podSecurity.enforce(open)',
              value: 'privileged (default)',
              source: 'defaulted',
            },
            {
              fact: 'admission.mayBlock(open)',
              value: false,
              source: 'derived',
            },
          ],
        },
      ],
    });
  });
});
