import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { InputError, readInputs } from '../src/index.ts';
import type { Snapshot } from '@chokepoint/model';
import { tempTree } from './helpers.ts';

function readAll(
  inputs: string[],
  options: { stdin?: string; skipInvalid?: boolean } = {},
): Promise<Snapshot> {
  return readInputs(inputs, {
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    now: () => new Date('2026-01-02T03:04:05Z'),
    tool: 'chokepoint test',
    ...(options.skipInvalid === undefined
      ? {}
      : { skipInvalid: options.skipInvalid }),
  });
}

async function invalid(yaml: string): Promise<string> {
  const error = await readAll(['-'], { stdin: yaml }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).message;
}

const POD = (spec: string, extra = ''): string =>
  `apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: web${extra}
spec:
${spec}`;

describe('objects the API server would refuse', () => {
  // Each case: the object, then where (line:column) and what the message says.
  const cases: [string, string, string][] = [
    [
      'containers: "x"',
      POD('  containers: x\n'),
      '<stdin>:7:15 (document 1): Pod web/app: spec.containers must be a list',
    ],
    [
      'spec: null',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: web}\nspec: null\n',
      '<stdin>:4:7 (document 1): Pod web/app: spec must be a map',
    ],
    [
      'no spec at all',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: web}\n',
      '<stdin>:1:1 (document 1): Pod web/app: spec is required (missing or null)',
    ],
    [
      'rules: {}',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: {}\n',
      '<stdin>:4:8 (document 1): ClusterRole r: rules must be a list',
    ],
    [
      'verbs: "*" as a string',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: "*"\n',
      '<stdin>:7:10 (document 1): ClusterRole r: rules[0].verbs must be a list',
    ],
    [
      'roleRef: null',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: null\n',
      '<stdin>:4:10 (document 1): ClusterRoleBinding b: roleRef must be a map',
    ],
    [
      'subjects: 5',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b, namespace: web}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: 5\n',
      '<stdin>:5:11 (document 1): RoleBinding web/b: subjects must be a list',
    ],
    [
      'capabilities.add: "SYS_ADMIN"',
      POD(
        '  containers:\n  - name: c\n    image: i\n    securityContext:\n      capabilities:\n        add: SYS_ADMIN\n',
      ),
      '<stdin>:12:14 (document 1): Pod web/app: spec.containers[0].securityContext.capabilities.add must be a list',
    ],
    [
      'labels of the wrong shape',
      POD('  containers: [{name: c, image: i}]\n', '\n  labels: [a, b]'),
      '<stdin>:6:11 (document 1): Pod web/app: metadata.labels must be a map',
    ],
    [
      'a label value that is not a string',
      POD('  containers: [{name: c, image: i}]\n', '\n  labels: {tier: 3}'),
      '<stdin>:6:18 (document 1): Pod web/app: metadata.labels.tier must be a string',
    ],
    [
      'volumes of the wrong shape',
      POD('  containers: [{name: c, image: i}]\n  volumes: {host: /}\n'),
      '<stdin>:8:12 (document 1): Pod web/app: spec.volumes must be a list',
    ],
    [
      'a volume without a name',
      POD(
        '  containers: [{name: c, image: i}]\n  volumes: [{hostPath: {path: /}}]\n',
      ),
      '<stdin>:8:13 (document 1): Pod web/app: spec.volumes[0].name is required (missing or null)',
    ],
    [
      'a port given as a string',
      POD(
        '  containers: [{name: c, image: i, ports: [{containerPort: "80"}]}]\n',
      ),
      '<stdin>:7:60 (document 1): Pod web/app: spec.containers[0].ports[0].containerPort must be an integer',
    ],
    [
      'an enum value the server does not know',
      POD('  containers: [{name: c, image: i, imagePullPolicy: Sometimes}]\n'),
      '<stdin>:7:53 (document 1): Pod web/app: spec.containers[0].imagePullPolicy must be one of Always, IfNotPresent, Never',
    ],
    [
      'a Deployment whose template has no spec',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: web}\nspec:\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}}\n',
      '<stdin>:6:13 (document 1): Deployment web/d: spec.template.spec is required (missing or null)',
    ],
  ];

  it.each(cases)(
    '%s: exit 2 at the line of the field',
    async (_, yaml, message) => {
      const text = await invalid(yaml);
      expect(text.split('\n')[0]).toBe(message);
      expect(text).toContain('--skip-invalid');
    },
  );

  it('names every invalid object, in every file, and only those', async () => {
    const root = await tempTree({
      'a.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\n${POD('  containers: x\n')}`,
      'b.json': JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'List',
          items: [
            {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRole',
              metadata: { name: 'ok' },
              rules: [],
            },
            {
              apiVersion: 'rbac.authorization.k8s.io/v1',
              kind: 'ClusterRole',
              metadata: { name: 'bad' },
              rules: [{ verbs: '*' }],
            },
          ],
        },
        null,
        2,
      ),
    });
    const error = await readAll([root]).then(
      () => undefined,
      (e: unknown) => e as InputError,
    );
    expect(error?.message.split('\n')).toEqual([
      `${join(root, 'a.yaml')}:11:15 (document 2): Pod web/app: spec.containers must be a list`,
      `  ${join(root, 'b.json')}:21:20 (items[1]): ClusterRole bad: rules[0].verbs must be a list`,
      '2 invalid objects: the API server would refuse them (Kubernetes OpenAPI schema). Fix them, or pass --skip-invalid to leave them out with a warning.',
    ]);
  });

  it('--skip-invalid leaves them out, each with a warning naming its place', async () => {
    const yaml = `apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\n${POD('  containers: x\n')}`;
    const snapshot = await readAll(['-'], { stdin: yaml, skipInvalid: true });
    expect(Object.keys(snapshot.objects)).toEqual(['Namespace']);
    expect(snapshot.collection.warnings).toEqual([
      'skipped invalid object: <stdin>:11:15 (document 2): Pod web/app: spec.containers must be a list',
    ]);
  });

  it('refuses duplicate keys, as kubectl does, at the second one', async () => {
    const text = await invalid(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n',
    );
    expect(text).toBe(
      '<stdin>:5:3: invalid YAML: duplicate key (the API server refuses duplicate fields)',
    );
  });

  it('refuses a folder whose files hold no object', async () => {
    const root = await tempTree({
      'a.yaml': '# nothing here\n',
      'b.yaml': '---\n---\n',
    });
    const error = await readAll([root]).then(
      () => undefined,
      (e: unknown) => e as InputError,
    );
    expect(error?.message).toBe(
      `${root}: the directory holds no Kubernetes objects: 2 files skipped (see the warnings; render charts and kustomizations first)`,
    );
  });

  it('reads null as unset, as the API server does', async () => {
    const snapshot = await readAll(['-'], {
      stdin: `apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: web
  creationTimestamp: null
  labels: {tier: null}
  annotations: null
spec:
  containers: [{name: c, image: i, securityContext: null, env: null}]
  volumes: null
status: {}
`,
    });
    expect(snapshot.objects.Pod).toHaveLength(1);
  });

  it('drops fields the schema does not know, however deep, as the API server does', async () => {
    const deep = `${'['.repeat(100_000)}"bottom"${']'.repeat(100_000)}`;
    const text = `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "app", "namespace": "web"},
      "spec": {"containers": [{"name": "c", "image": "i", "securityContxt": {"privileged": true}}],
               "notAField": ${deep}}}`;
    expect(text.length).toBeGreaterThan(200_000);
    const snapshot = await readAll(['-'], { stdin: text });
    const [read] = snapshot.objects.Pod ?? [];
    expect(read?.spec).toEqual({ containers: [{ name: 'c', image: 'i' }] });
    expect(JSON.stringify(snapshot).length).toBeLessThan(2000);
  });

  it('checks the served apiVersion of a kind, and says which versions it could not check', async () => {
    // A Knative Service is not a core Service; an old v1beta1 Ingress has
    // another shape: neither is checked against the v1 schema.
    const snapshot = await readAll(['-'], {
      stdin: `apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: hello, namespace: web}
spec: {template: {spec: {containers: [{image: hello}]}}}
---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: {name: old, namespace: web}
spec: {backend: {serviceName: hello, servicePort: 80}}
`,
    });
    expect(snapshot.objects.Service).toHaveLength(1);
    expect(snapshot.objects.Ingress).toHaveLength(1);
    expect(snapshot.collection.warnings).toEqual([
      'Service serving.knative.dev/v1 (served: v1) objects were not checked against a schema: Chokepoint has the schemas of the served versions only',
      'Ingress networking.k8s.io/v1beta1 (served: networking.k8s.io/v1) objects were not checked against a schema: Chokepoint has the schemas of the served versions only',
    ]);
  });
});
