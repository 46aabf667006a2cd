import { podToken } from '../../src/findings/pod-token.ts';
import { findingTester } from './finding-tester.ts';
import { containers, deployment, pod } from './yaml.ts';

const reader = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: reader, namespace: default }
rules: [{ apiGroups: [''], resources: [configmaps], verbs: [get] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: app-reader, namespace: default }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }
subjects: [{ kind: ServiceAccount, name: app }]
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: app, namespace: default }
`;

findingTester(podToken, {
  valid: [
    {
      name: 'automountServiceAccountToken: false on the pod',
      manifests: pod(
        'p',
        `automountServiceAccountToken: false\n${containers()}`,
      ),
    },
    {
      name: 'automountServiceAccountToken: false on the ServiceAccount',
      manifests: `apiVersion: v1
kind: ServiceAccount
metadata: { name: quiet, namespace: default }
automountServiceAccountToken: false
---
${pod('p', `serviceAccountName: quiet\n${containers()}`)}`,
    },
    {
      name: 'the ServiceAccount holds a permission of its own',
      manifests: `${reader}---\n${pod('p', `serviceAccountName: app\n${containers()}`)}`,
    },
    {
      name: 'a group binding beyond the defaults counts too',
      manifests: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: all-sa-view }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: Group, name: system:serviceaccounts }]
---
${pod('p', containers())}`,
    },
    {
      name: 'an explicit projected token is deliberate',
      manifests: pod(
        'p',
        `automountServiceAccountToken: false
containers:
- name: c
  image: app:1.0
  volumeMounts: [{ name: tok, mountPath: /var/run/secrets/tokens }]
volumes:
- name: tok
  projected: { sources: [{ serviceAccountToken: { path: token } }] }`,
      ),
    },
    {
      name: 'a mirror pod gets no token',
      manifests: pod('p', containers(), {
        metadata: 'annotations: { kubernetes.io/config.mirror: abc }',
      }),
    },
  ],
  invalid: [
    {
      name: 'the default ServiceAccount, automounted',
      manifests: pod('p', containers()),
      records: [
        {
          id: 'F-POD-TOKEN:Pod:default/p',
          objects: ['Pod:default/p', 'ServiceAccount:default/default'],
          fields: ['spec.automountServiceAccountToken'],
          message: ['ServiceAccount default/default', 'in c'],
        },
      ],
    },
    {
      name: 'an admitted pod with the kube-api-access volume, on a Deployment',
      manifests: deployment(
        'web',
        `containers:
- name: c
  image: app:1.0
  volumeMounts: [{ name: kube-api-access-x1, mountPath: /var/run/secrets/kubernetes.io/serviceaccount }]
volumes:
- name: kube-api-access-x1
  projected: { sources: [{ serviceAccountToken: { path: token, expirationSeconds: 3607 } }] }`,
        1,
      ),
      records: [
        {
          id: 'F-POD-TOKEN:Deployment:default/web',
          objects: [
            'Deployment:default/web',
            'ServiceAccount:default/default',
            'Pod:default/web-5d8f7c9b4-p0',
          ],
        },
      ],
    },
  ],
});
