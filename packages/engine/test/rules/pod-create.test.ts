import { podCreate } from '../../src/rules/pod-create.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { docs, grant } from '../rbac-manifests.ts';

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
