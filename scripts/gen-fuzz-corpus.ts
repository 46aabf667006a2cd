/**
 * Writes test/fixtures/fuzz/: hostile and malformed inputs, one file (or
 * folder) per case, and cases.json saying what each must give: the exit code
 * and what standard error must say, the place of every invalid object
 * included. test/fuzz/corpus.test.ts runs them all through the CLI under a
 * time and memory limit. The corpus is data: add a case here, run
 *
 *   node apps/cli/node_modules/tsx/dist/cli.mjs scripts/gen-fuzz-corpus.ts
 *
 * and commit both. A line marked `# <-` in a YAML case is where its error is
 * expected (`{line}` in an expectation stands for it).
 */

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../test/fixtures/fuzz/', import.meta.url));

interface Case {
  /** File or folder under test/fixtures/fuzz/cases/. */
  readonly name: string;
  /** Arguments after the INPUT (default: analyze INPUT --format json). */
  readonly args?: readonly string[];
  readonly exit: 0 | 1 | 2;
  /** Regular expressions standard error must match, in order of lines given. */
  readonly stderr: readonly string[];
  /** Text given on standard input instead of a file (INPUT is `-`). */
  readonly stdin?: boolean;
}

const cases: Case[] = [];
const files = new Map<string, string | Buffer>();

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function markedLine(text: string): number {
  const index = text.split('\n').findIndex(line => line.includes('# <-'));
  if (index === -1) throw new Error('no # <- marker');
  return index + 1;
}

/** A file case: `expect` entries may use {file} and {line}. */
function add(
  name: string,
  content: string | Buffer,
  exit: Case['exit'],
  expect: readonly string[] = [],
  args?: readonly string[],
): void {
  files.set(name, content);
  const line =
    typeof content === 'string' && content.includes('# <-')
      ? String(markedLine(content))
      : '';
  cases.push({
    name,
    exit,
    stderr: expect.map(e =>
      e.replaceAll('{file}', escape(name)).replaceAll('{line}', line),
    ),
    ...(args === undefined ? {} : { args }),
  });
}

/** An object the API server would refuse: exit 2, reported at the marked line. */
function invalid(name: string, yaml: string, what: string): void {
  add(`${name}.yaml`, yaml, 2, [
    `^chokepoint analyze: [^\\n]*{file}:{line}:\\d+ \\(document \\d+\\): ${what}`,
    '1 invalid object: the API server would refuse it',
  ]);
}

const pod = (spec: string, meta = ''): string => `apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: web${meta}
spec:
${spec}`;
const c0 = '  containers:\n  - name: c\n    image: nginx:1.27\n';
const workload = (
  kind: string,
  spec: string,
): string => `apiVersion: ${kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata: {name: w, namespace: web}
spec:
${spec}`;
const rbac = (
  kind: string,
  body: string,
  ns = '',
): string => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: r${ns === '' ? '' : `, namespace: ${ns}`}}
${body}`;
const ROLE_REF =
  'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}';

// --- Objects of the kinds the engine reads, refused by the API server -----
invalid(
  'pod-containers-string',
  pod('  containers: x # <-\n'),
  'Pod web/app: spec\\.containers must be a list',
);
invalid(
  'pod-containers-null',
  pod('  containers: null # <-\n'),
  'Pod web/app: spec\\.containers must be a list',
);
invalid(
  'pod-containers-map',
  pod('  containers: {name: c} # <-\n'),
  'Pod web/app: spec\\.containers must be a list',
);
invalid(
  'pod-spec-null',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: web}\nspec: null # <-\n',
  'Pod web/app: spec must be a map',
);
invalid(
  'pod-spec-missing',
  'apiVersion: v1 # <-\nkind: Pod\nmetadata: {name: app, namespace: web}\n',
  'Pod web/app: spec is required',
);
invalid(
  'pod-spec-list',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: app, namespace: web}\nspec: [a] # <-\n',
  'Pod web/app: spec must be a map',
);
invalid(
  'pod-container-no-name',
  pod('  containers:\n  - image: nginx # <-\n'),
  'Pod web/app: spec\\.containers\\[0\\]\\.name is required',
);
invalid(
  'pod-container-scalar',
  pod('  containers: [x] # <-\n'),
  'Pod web/app: spec\\.containers\\[0\\] must be a map',
);
invalid(
  'pod-privileged-string',
  pod(`${c0}    securityContext:\n      privileged: "true" # <-\n`),
  'Pod web/app: spec\\.containers\\[0\\]\\.securityContext\\.privileged must be true or false',
);
invalid(
  'pod-capabilities-string',
  pod(
    `${c0}    securityContext:\n      capabilities:\n        add: SYS_ADMIN # <-\n`,
  ),
  'Pod web/app: spec\\.containers\\[0\\]\\.securityContext\\.capabilities\\.add must be a list',
);
invalid(
  'pod-capability-number',
  pod(
    `${c0}    securityContext:\n      capabilities:\n        add: [1] # <-\n`,
  ),
  'Pod web/app: spec\\.containers\\[0\\]\\.securityContext\\.capabilities\\.add\\[0\\] must be a string',
);
invalid(
  'pod-runasuser-string',
  pod(`${c0}    securityContext: {runAsUser: root} # <-\n`),
  'Pod web/app: spec\\.containers\\[0\\]\\.securityContext\\.runAsUser must be an integer',
);
invalid(
  'pod-volumes-map',
  pod(`${c0}  volumes: {host: {hostPath: {path: /}}} # <-\n`),
  'Pod web/app: spec\\.volumes must be a list',
);
invalid(
  'pod-volume-no-name',
  pod(`${c0}  volumes:\n  - hostPath: {path: /} # <-\n`),
  'Pod web/app: spec\\.volumes\\[0\\]\\.name is required',
);
invalid(
  'pod-hostpath-number',
  pod(`${c0}  volumes:\n  - name: h\n    hostPath: {path: 7} # <-\n`),
  'Pod web/app: spec\\.volumes\\[0\\]\\.hostPath\\.path must be a string',
);
invalid(
  'pod-hostpath-no-path',
  pod(`${c0}  volumes:\n  - name: h\n    hostPath: {type: Directory} # <-\n`),
  'Pod web/app: spec\\.volumes\\[0\\]\\.hostPath\\.path is required',
);
invalid(
  'pod-port-string',
  pod(`${c0}    ports:\n    - containerPort: "80" # <-\n`),
  'Pod web/app: spec\\.containers\\[0\\]\\.ports\\[0\\]\\.containerPort must be an integer',
);
invalid(
  'pod-hostport-float',
  pod(`${c0}    ports:\n    - {containerPort: 80, hostPort: 80.5} # <-\n`),
  'Pod web/app: spec\\.containers\\[0\\]\\.ports\\[0\\]\\.hostPort must be an integer',
);
invalid(
  'pod-env-map',
  pod(`${c0}    env: {A: b} # <-\n`),
  'Pod web/app: spec\\.containers\\[0\\]\\.env must be a list',
);
invalid(
  'pod-env-no-name',
  pod(`${c0}    env:\n    - value: x # <-\n`),
  'Pod web/app: spec\\.containers\\[0\\]\\.env\\[0\\]\\.name is required',
);
invalid(
  'pod-envfrom-string',
  pod(`${c0}    envFrom: secret # <-\n`),
  'Pod web/app: spec\\.containers\\[0\\]\\.envFrom must be a list',
);
invalid(
  'pod-labels-list',
  pod(c0, '\n  labels: [a, b] # <-'),
  'Pod web/app: metadata\\.labels must be a map',
);
invalid(
  'pod-label-number',
  pod(c0, '\n  labels: {tier: 3} # <-'),
  'Pod web/app: metadata\\.labels\\.tier must be a string',
);
invalid(
  'pod-annotations-list',
  pod(c0, '\n  annotations: [a] # <-'),
  'Pod web/app: metadata\\.annotations must be a map',
);
invalid(
  'pod-owner-no-uid',
  pod(
    c0,
    '\n  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: rs} # <-',
  ),
  'Pod web/app: metadata\\.ownerReferences\\[0\\]\\.uid is required',
);
invalid(
  'pod-hostnetwork-string',
  pod(`${c0}  hostNetwork: "yes" # <-\n`),
  'Pod web/app: spec\\.hostNetwork must be true or false',
);
invalid(
  'pod-sa-number',
  pod(`${c0}  serviceAccountName: 12 # <-\n`),
  'Pod web/app: spec\\.serviceAccountName must be a string',
);
invalid(
  'pod-nodeselector-list',
  pod(`${c0}  nodeSelector: [a] # <-\n`),
  'Pod web/app: spec\\.nodeSelector must be a map',
);
invalid(
  'pod-tolerations-map',
  pod(`${c0}  tolerations: {key: a} # <-\n`),
  'Pod web/app: spec\\.tolerations must be a list',
);
invalid(
  'pod-initcontainers-string',
  pod(`${c0}  initContainers: init # <-\n`),
  'Pod web/app: spec\\.initContainers must be a list',
);
invalid(
  'pod-pullpolicy-enum',
  pod(`${c0}    imagePullPolicy: Sometimes # <-\n`),
  'Pod web/app: spec\\.containers\\[0\\]\\.imagePullPolicy must be one of Always, IfNotPresent, Never',
);
invalid(
  'pod-status-phase-number',
  pod(c0) + 'status: {phase: 3} # <-\n',
  'Pod web/app: status\\.phase must be a string',
);
invalid(
  'deployment-no-selector',
  workload(
    'Deployment',
    '  template: # <-\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: i}]\n',
  ),
  'Deployment web/w: spec\\.selector is required',
);
invalid(
  'deployment-template-no-spec',
  workload(
    'Deployment',
    '  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}} # <-\n',
  ),
  'Deployment web/w: spec\\.template\\.spec is required',
);
invalid(
  'deployment-replicas-string',
  workload(
    'Deployment',
    '  replicas: "3" # <-\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: i}]\n',
  ),
  'Deployment web/w: spec\\.replicas must be an integer',
);
invalid(
  'daemonset-template-null',
  workload(
    'DaemonSet',
    '  selector: {matchLabels: {a: b}}\n  template: null # <-\n',
  ),
  'DaemonSet web/w: spec\\.template must be a map',
);
invalid(
  'statefulset-containers-string',
  workload(
    'StatefulSet',
    '  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: x # <-\n',
  ),
  'StatefulSet web/w: spec\\.template\\.spec\\.containers must be a list',
);
invalid(
  'job-no-template',
  workload('Job', '  backoffLimit: 1 # <-\n'),
  'Job web/w: spec\\.template is required',
);
invalid(
  'cronjob-no-schedule',
  workload(
    'CronJob',
    '  jobTemplate: # <-\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: c, image: i}]\n',
  ),
  'CronJob web/w: spec\\.schedule is required',
);
invalid(
  'replicaset-selector-string',
  workload(
    'ReplicaSet',
    '  selector: app # <-\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: c, image: i}]\n',
  ),
  'ReplicaSet web/w: spec\\.selector must be a map',
);
invalid(
  'clusterrole-rules-map',
  rbac('ClusterRole', 'rules: {} # <-\n'),
  'ClusterRole r: rules must be a list',
);
invalid(
  'clusterrole-verbs-string',
  rbac(
    'ClusterRole',
    'rules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: "*" # <-\n',
  ),
  'ClusterRole r: rules\\[0\\]\\.verbs must be a list',
);
invalid(
  'clusterrole-verbs-missing',
  rbac('ClusterRole', 'rules:\n- apiGroups: ["*"] # <-\n  resources: ["*"]\n'),
  'ClusterRole r: rules\\[0\\]\\.verbs is required',
);
invalid(
  'clusterrole-resources-string',
  rbac(
    'ClusterRole',
    'rules:\n- apiGroups: [""]\n  resources: pods # <-\n  verbs: [get]\n',
  ),
  'ClusterRole r: rules\\[0\\]\\.resources must be a list',
);
invalid(
  'clusterrole-apigroup-number',
  rbac(
    'ClusterRole',
    'rules:\n- apiGroups: [1] # <-\n  resources: [pods]\n  verbs: [get]\n',
  ),
  'ClusterRole r: rules\\[0\\]\\.apiGroups\\[0\\] must be a string',
);
invalid(
  'role-rule-string',
  rbac('Role', 'rules: [everything] # <-\n', 'web'),
  'Role web/r: rules\\[0\\] must be a map',
);
invalid(
  'rolebinding-roleref-null',
  rbac('RoleBinding', 'roleRef: null # <-\n', 'web'),
  'RoleBinding web/r: roleRef must be a map',
);
// A field missing at the top is reported at the object's first line.
invalid(
  'rolebinding-roleref-missing',
  rbac('RoleBinding', 'subjects: []\n', 'web').replace(
    'rbac.authorization.k8s.io/v1',
    'rbac.authorization.k8s.io/v1 # <-',
  ),
  'RoleBinding web/r: roleRef is required',
);
invalid(
  'rolebinding-subjects-number',
  rbac('RoleBinding', `${ROLE_REF}\nsubjects: 5 # <-\n`, 'web'),
  'RoleBinding web/r: subjects must be a list',
);
invalid(
  'rolebinding-subject-string',
  rbac(
    'RoleBinding',
    `${ROLE_REF}\nsubjects: [system:anonymous] # <-\n`,
    'web',
  ),
  'RoleBinding web/r: subjects\\[0\\] must be a map',
);
invalid(
  'rolebinding-subject-no-kind',
  rbac('RoleBinding', `${ROLE_REF}\nsubjects:\n- {name: x} # <-\n`, 'web'),
  'RoleBinding web/r: subjects\\[0\\]\\.kind is required',
);
invalid(
  'clusterrolebinding-roleref-name-number',
  rbac(
    'ClusterRoleBinding',
    'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 7} # <-\n',
  ),
  'ClusterRoleBinding r: roleRef\\.name must be a string',
);
invalid(
  'service-ports-string',
  'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: web}\nspec:\n  ports: "80" # <-\n',
  'Service web/s: spec\\.ports must be a list',
);
invalid(
  'service-port-missing',
  'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: web}\nspec:\n  ports:\n  - {name: http} # <-\n',
  'Service web/s: spec\\.ports\\[0\\]\\.port is required',
);
invalid(
  'service-selector-list',
  'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: web}\nspec:\n  selector: [app] # <-\n',
  'Service web/s: spec\\.selector must be a map',
);
invalid(
  'service-type-enum',
  'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: web}\nspec:\n  type: Public # <-\n',
  'Service web/s: spec\\.type must be one of',
);
invalid(
  'ingress-rules-string',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: web}\nspec:\n  rules: all # <-\n',
  'Ingress web/i: spec\\.rules must be a list',
);
invalid(
  'ingress-no-pathtype',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: web}\nspec:\n  rules:\n  - http:\n      paths:\n      - path: / # <-\n        backend: {service: {name: s, port: {number: 80}}}\n',
  'Ingress web/i: spec\\.rules\\[0\\]\\.http\\.paths\\[0\\]\\.pathType is required',
);
invalid(
  'networkpolicy-podselector-string',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n, namespace: web}\nspec:\n  podSelector: all # <-\n',
  'NetworkPolicy web/n: spec\\.podSelector must be a map',
);
invalid(
  'node-taints-string',
  'apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec:\n  taints: NoSchedule # <-\n',
  'Node n: spec\\.taints must be a list',
);
invalid(
  'node-taint-effect-enum',
  'apiVersion: v1\nkind: Node\nmetadata: {name: n}\nspec:\n  taints:\n  - {key: a, effect: Sometimes} # <-\n',
  'Node n: spec\\.taints\\[0\\]\\.effect must be one of',
);
invalid(
  'serviceaccount-automount-string',
  'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa, namespace: web}\nautomountServiceAccountToken: "false" # <-\n',
  'ServiceAccount web/sa: automountServiceAccountToken must be true or false',
);
invalid(
  'serviceaccount-secrets-string',
  'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa, namespace: web}\nsecrets: tok # <-\n',
  'ServiceAccount web/sa: secrets must be a list',
);
invalid(
  'secret-type-number',
  'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: web}\ntype: 1 # <-\n',
  'Secret web/s: type must be a string',
);
invalid(
  'namespace-labels-string',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n  labels: privileged # <-\n',
  'Namespace web: metadata\\.labels must be a map',
);
invalid(
  'webhook-list-string',
  'apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: m}\nwebhooks: hook # <-\n',
  'MutatingWebhookConfiguration m: webhooks must be a list',
);
invalid(
  'webhook-no-sideeffects',
  'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata: {name: v}\nwebhooks:\n- name: v.example.com # <-\n  admissionReviewVersions: [v1]\n  clientConfig: {url: "https://example.com"}\n',
  'ValidatingWebhookConfiguration v: webhooks\\[0\\]\\.sideEffects is required',
);
invalid(
  'endpointslice-endpoints-string',
  'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: e, namespace: web}\naddressType: IPv4\nendpoints: all # <-\n',
  'EndpointSlice web/e: endpoints must be a list',
);
invalid(
  'runtimeclass-no-handler',
  'apiVersion: node.k8s.io/v1 # <-\nkind: RuntimeClass\nmetadata: {name: rc}\n',
  'RuntimeClass rc: handler is required',
);
invalid(
  'ingressclass-controller-number',
  'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: ic}\nspec:\n  controller: 5 # <-\n',
  'IngressClass ic: spec\\.controller must be a string',
);
invalid(
  'vap-spec-string',
  'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec: deny # <-\n',
  'ValidatingAdmissionPolicy p: spec must be a map',
);

// The issue's example: a wildcard role bound to every anonymous caller must
// not read as "0 exposed": exit 2 naming the role; --skip-invalid says so.
const anonymousWildcard = `${rbac('ClusterRole', 'rules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: "*" # <-\n')}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: anonymous-everything}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:unauthenticated}
`;
add('anonymous-wildcard-string-verbs.yaml', anonymousWildcard, 2, [
  '^chokepoint analyze: [^\\n]*{file}:{line}:\\d+ \\(document 1\\): ClusterRole r: rules\\[0\\]\\.verbs must be a list',
]);
add(
  'anonymous-wildcard-skip-invalid.yaml',
  anonymousWildcard,
  0,
  [
    '^warning: skipped invalid object: [^\\n]*{file}:{line}:\\d+ \\(document 1\\): ClusterRole r: rules\\[0\\]\\.verbs must be a list',
  ],
  ['--skip-invalid'],
);

// Several invalid objects in one file: each is named at its own place.
add(
  'three-invalid-objects.yaml',
  `${pod('  containers: x\n')}---\n${rbac('ClusterRole', 'rules: {}\n')}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: fine}\n---\n${rbac('ClusterRoleBinding', 'roleRef: null\n')}`,
  2,
  [
    '^chokepoint analyze: [^\\n]*{file}:7:15 \\(document 1\\): Pod web/app: spec\\.containers must be a list',
    '^ {2}[^\\n]*{file}:12:8 \\(document 2\\): ClusterRole r: rules must be a list',
    '^ {2}[^\\n]*{file}:21:10 \\(document 4\\): ClusterRoleBinding r: roleRef must be a map',
    '^3 invalid objects',
  ],
);
add(
  'invalid-in-json-list.json',
  JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', namespace: 'web' },
          spec: { containers: 'x' },
        },
      ],
    },
    null,
    2,
  ),
  2,
  [
    '^chokepoint analyze: [^\\n]*{file}:20:23 \\(items\\[1\\]\\): Pod web/p: spec\\.containers must be a list',
  ],
);

// --- Syntax, encoding, limits ----------------------------------------------
const syntax = (name: string, text: string, what: string): void => {
  add(name, text, 2, [`^chokepoint analyze: [^\\n]*{file}:\\d+:\\d+: ${what}`]);
};
syntax(
  'yaml-bad-indent.yaml',
  'apiVersion: v1\nkind: Pod\n metadata:\n   name: x\n  spec: {}\n',
  'invalid YAML',
);
syntax(
  'yaml-tab-indent.yaml',
  'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n',
  'invalid YAML',
);
syntax(
  'yaml-unterminated-quote.yaml',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x\n',
  'invalid YAML',
);
syntax(
  'yaml-unclosed-flow.yaml',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n',
  'invalid YAML',
);
syntax(
  'yaml-duplicate-key.yaml',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n',
  'invalid YAML: duplicate key',
);
syntax(
  'yaml-duplicate-top-key.yaml',
  'apiVersion: v1\nkind: Namespace\nkind: Pod\nmetadata: {name: a}\n',
  'invalid YAML: duplicate key',
);
syntax(
  'yaml-duplicate-nested.yaml',
  pod('  containers:\n  - name: c\n    image: a\n    image: b\n'),
  'invalid YAML: duplicate key',
);
syntax(
  'yaml-bad-escape.yaml',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: "a\\qb"}\n',
  'invalid YAML',
);
add(
  'yaml-unresolved-alias.yaml',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: *nope}\n',
  2,
  [
    '^chokepoint analyze: [^\\n]*{file}:\\d+:\\d+ \\(document 1\\): invalid YAML: an alias names an anchor that is not defined',
  ],
);
syntax(
  'json-trailing-comma.json',
  '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a",}}',
  'invalid JSON',
);
syntax(
  'json-comment.json',
  '{"apiVersion": "v1", // a comment\n "kind": "Namespace"}',
  'invalid JSON',
);
syntax(
  'json-truncated.json',
  '{"apiVersion": "v1", "kind": "List", "items": [{"kind": "Pod", "metad',
  'invalid JSON',
);
syntax('json-single-quotes.json', "{'kind': 'Namespace'}", 'invalid JSON');
const laughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
];
for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h'].entries()) {
  const prev = String.fromCharCode(97 + i);
  laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
}
add(
  'yaml-alias-bomb.yaml',
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n${laughs.join('\n')}\n`,
  2,
  [
    '^chokepoint analyze: [^\\n]*{file}:\\d+:\\d+ \\(document 1\\): invalid YAML: aliases expand to too many values',
  ],
);
add(
  'yaml-alias-bomb-as-policy.yaml',
  `${laughs.join('\n')}\n`,
  2,
  [
    '^chokepoint analyze: [^\\n]*{file}:\\d+:\\d+ \\(document 1\\): invalid YAML: aliases expand',
  ],
  ['--policy', '{self}'],
);
add(
  'yaml-deep-flow.yaml',
  `x: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
  2,
  ['^chokepoint analyze: [^\\n]*{file}'],
);
add('json-deep-array.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 2, [
  '^chokepoint analyze: [^\\n]*{file}:1:1: not a Kubernetes object: the document is an array',
]);
add(
  'json-deep-in-pod.json',
  `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "web"}, "spec": {"containers": [{"name": "c", "image": "i"}], "extra": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
  0,
);
add(
  'json-deep-in-pod-spec.json',
  `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "web"}, "spec": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
  2,
  ['Pod web/p: spec must be a map'],
);
add(
  'json-deep-in-unknown-kind.json',
  `{"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": ${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`,
  0,
);
const binary = (name: string, bytes: number[] | Buffer): void => {
  add(name, Buffer.from(bytes), 2, [
    '^chokepoint analyze: [^\\n]*{file}:\\d+:\\d+: not UTF-8 text \\(a binary file\\?\\): Kubernetes YAML and JSON must be UTF-8$',
  ]);
};
binary(
  'binary-png.yaml',
  [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0xff, 0xfe,
  ],
);
binary(
  'binary-random.yaml',
  Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 7919 + 13) % 256)),
);
binary('utf8-overlong.yaml', [
  ...Buffer.from('kind: Pod\nmetadata: {name: '),
  0xc0,
  0xaf,
  ...Buffer.from('}\n'),
]);
binary('utf8-surrogate.yaml', [
  ...Buffer.from('kind: Pod\n'),
  0xed,
  0xa0,
  0x80,
  0x0a,
]);
binary('utf8-cut.json', [
  ...Buffer.from('{"kind": "Pod", "metadata": {"name": "'),
  0xe2,
  0x82,
]);
binary(
  'latin1.yaml',
  Buffer.from(
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: caf\xe9}\n',
    'latin1',
  ),
);
add(
  'utf8-bom.json',
  Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(
      '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "bom"}}',
    ),
  ]),
  0,
);
// A NUL inside a quoted name parses; the name is only ever printed escaped.
add(
  'nul-bytes.yaml',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: "a\0b"}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: "a\0b"}\n',
  0,
  ['Namespace a\\\\x00b replaces'],
);
add(
  'long-scalar.yaml',
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big, namespace: web}\ndata: {x: "${'y'.repeat(300_000)}"}\n`,
  0,
);
add(
  'long-kind.yaml',
  `apiVersion: v1\nkind: ${'K'.repeat(200_000)}\nmetadata: {name: x}\n`,
  2,
  [
    '^chokepoint analyze: [^\\n]{0,200}not a Kubernetes object: its "kind" is not a kind name',
  ],
);
add('empty.yaml', '', 2, [
  '^chokepoint analyze: [^\\n]*{file}: the file is empty$',
]);
add('only-comments.yaml', '# nothing\n# here\n', 2, [
  'no Kubernetes objects in the input',
]);
add('only-separators.yaml', '---\n---\n...\n', 2, [
  'no Kubernetes objects in the input',
]);

// --- Documents that are not Kubernetes objects ------------------------------
const notObject = (name: string, text: string, what: string): void => {
  add(name, text, 2, [`^chokepoint analyze: [^\\n]*{file}[^\\n]*: ${what}`]);
};
notObject(
  'doc-scalar.yaml',
  'just a string\n',
  'not a Kubernetes object: the document is a string',
);
notObject(
  'doc-number.json',
  '42',
  'not a Kubernetes object: the document is a number',
);
add('doc-null.json', 'null', 2, [
  '^chokepoint analyze: [^\\n]*{file}: no Kubernetes objects in the input$',
]);
notObject(
  'doc-list.yaml',
  '- a\n- b\n',
  'not a Kubernetes object: the document is an array',
);
notObject(
  'kind-proto.yaml',
  'apiVersion: v1\nkind: __proto__\nmetadata: {name: x}\n',
  'not a Kubernetes object: its "kind" is not a kind name',
);
notObject(
  'kind-with-space.yaml',
  'apiVersion: v1\nkind: Pod Spec\nmetadata: {name: x}\n',
  'not a Kubernetes object: its "kind" is not a kind name',
);
notObject(
  'kind-number.yaml',
  'apiVersion: v1\nkind: 5\nmetadata: {name: x}\n',
  'not a Kubernetes object: it has no "kind"',
);
notObject(
  'kind-missing.yaml',
  'apiVersion: v1\nmetadata: {name: x}\n',
  'not a Kubernetes object: it has no "kind"',
);
notObject(
  'apiversion-number.yaml',
  'apiVersion: 42\nkind: Pod\nmetadata: {name: x}\nspec: {containers: []}\n',
  '"apiVersion" of the Pod must be a string',
);
notObject(
  'apiversion-map.yaml',
  'apiVersion: {v: 1}\nkind: Namespace\nmetadata: {name: x}\n',
  '"apiVersion" of the Namespace must be a string',
);
notObject(
  'metadata-missing.yaml',
  'apiVersion: v1\nkind: Namespace\n',
  'not a Kubernetes object: the Namespace has no "metadata.name"',
);
notObject(
  'name-number.yaml',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: 5}\n',
  'not a Kubernetes object: the Namespace has no "metadata.name"',
);
notObject(
  'namespace-number.yaml',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: 5}\nspec: {containers: []}\n',
  '"metadata.namespace" of Pod p must be a string',
);
notObject(
  'list-items-string.json',
  '{"apiVersion": "v1", "kind": "List", "items": "none"}',
  'a List must have an items array',
);
notObject(
  'list-item-scalar.json',
  '{"apiVersion": "v1", "kind": "List", "items": [1]}',
  'not a Kubernetes object: the item is a number',
);
add(
  'kind-constructor.yaml',
  'apiVersion: example.com/v1\nkind: constructor\nmetadata: {name: x}\n',
  0,
);
add(
  'kind-tostring.yaml',
  'apiVersion: example.com/v1\nkind: toString\nmetadata: {name: x}\n---\napiVersion: example.com/v1\nkind: hasOwnProperty\nmetadata: {name: y}\n',
  0,
);
add(
  'proto-keys.json',
  '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a", "labels": {"__proto__": "x", "constructor": "y"}}, "__proto__": {"polluted": true}}',
  0,
);

// --- Snapshot files ----------------------------------------------------------
const snapshot = (
  collection: unknown,
  objects: unknown = {},
  extra: Record<string, unknown> = {},
): string =>
  JSON.stringify({
    format: 'chokepoint.snapshot',
    schemaVersion: 1,
    cluster: { name: 'c' },
    collection,
    objects,
    ...extra,
  });
const snapshotCase = (
  name: string,
  text: string,
  exit: Case['exit'],
  what?: string,
): void => {
  add(
    name,
    text,
    exit,
    what === undefined
      ? []
      : [`^chokepoint analyze: [^\\n]*{file}[^\\n]*: ${what}`],
  );
};
snapshotCase(
  'snapshot-gaps-missing.json',
  snapshot({ method: 'offline' }),
  2,
  'not a valid snapshot: collection\\.gaps is missing',
);
snapshotCase(
  'snapshot-gaps-string.json',
  snapshot({ method: 'offline', gaps: 'none' }),
  2,
  'not a valid snapshot: collection\\.gaps must be array',
);
snapshotCase(
  'snapshot-gap-number.json',
  snapshot({ method: 'offline', gaps: [5] }),
  2,
  'not a valid snapshot: collection\\.gaps\\[0\\] must be object',
);
snapshotCase(
  'snapshot-collection-missing.json',
  JSON.stringify({
    format: 'chokepoint.snapshot',
    schemaVersion: 1,
    cluster: { name: 'c' },
    objects: {},
  }),
  2,
  'not a valid snapshot: collection is missing',
);
snapshotCase(
  'snapshot-method-bad.json',
  snapshot({ method: 'psychic', gaps: [] }),
  2,
  'not a valid snapshot: collection\\.method must be equal to one of the allowed values',
);
snapshotCase(
  'snapshot-cluster-name-number.json',
  JSON.stringify({
    format: 'chokepoint.snapshot',
    schemaVersion: 1,
    cluster: { name: 7 },
    collection: { method: 'offline', gaps: [] },
    objects: {},
  }),
  2,
  'not a valid snapshot: cluster\\.name must be string',
);
snapshotCase(
  'snapshot-objects-list.json',
  snapshot({ method: 'offline', gaps: [] }, []),
  2,
  'a snapshot must have an "objects" map',
);
snapshotCase(
  'snapshot-objects-kind-string.json',
  snapshot({ method: 'offline', gaps: [] }, { Pod: 'p' }),
  2,
  'must be a list of objects',
);
snapshotCase(
  'snapshot-version-2.json',
  JSON.stringify({ format: 'chokepoint.snapshot', schemaVersion: 2 }),
  2,
  'snapshot schemaVersion 2 is not supported',
);
snapshotCase(
  'snapshot-invalid-object.json',
  snapshot(
    { method: 'offline', gaps: [] },
    {
      ClusterRole: [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'r' },
          rules: [{ verbs: '*' }],
        },
      ],
    },
  ),
  2,
  'ClusterRole r: rules\\[0\\]\\.verbs must be a list',
);
snapshotCase(
  'snapshot-proto-kind.json',
  snapshot(
    { method: 'offline', gaps: [] },
    {
      __proto__: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      ],
      constructor: [],
    },
  ),
  0,
);
snapshotCase(
  'snapshot-minimal-pod.json',
  snapshot(
    {
      method: 'live',
      gaps: [{ resource: 'secrets', code: 403, message: 'forbidden' }],
    },
    {
      Pod: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', namespace: 'web' },
          spec: { containers: [{ name: 'c', env: [{ name: 'A' }] }] },
        },
      ],
    },
  ),
  0,
);
add(
  'snapshot-gap-warns.json',
  snapshot(
    {
      method: 'live',
      gaps: [
        {
          resource: 'secrets',
          code: 403,
          message: `x${'\u001b[2J'.repeat(3)}`,
        },
      ],
    },
    {
      Namespace: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      ],
    },
  ),
  0,
  ['warning: [^\\n]*partial snapshot: 1 kind missing \\(Secret\\)'],
);

// --- Valid but unusual: must analyse ----------------------------------------
add(
  'nulls-everywhere.yaml',
  pod(
    '  containers: [{name: c, image: i, securityContext: null, env: null, ports: null}]\n  volumes: null\n  nodeSelector: null\n',
    '\n  labels: {tier: null}\n  annotations: null\n  creationTimestamp: null',
  ) + 'status: null\n',
  0,
);
add(
  'unknown-fields-pruned.yaml',
  pod(`${c0}    securityContxt: {privileged: true}\n  hostNetwrok: true\n`),
  0,
);
add(
  'old-ingress-v1beta1.yaml',
  'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata: {name: old, namespace: web}\nspec: {backend: {serviceName: s, servicePort: 80}}\n',
  0,
  [
    'warning: Ingress networking\\.k8s\\.io/v1beta1 \\(served: networking\\.k8s\\.io/v1\\) objects were not checked',
  ],
);
add(
  'knative-service.yaml',
  'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: hello, namespace: web}\nspec: {template: {spec: {containers: [{image: hello}]}}}\n',
  0,
);
add(
  'crd-deep-spec.yaml',
  `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: web}\nspec:\n${Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 1)}l${String(i)}:`).join('\n')} end\n`,
  0,
);
add(
  'control-chars-in-names.yaml',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: "evil\\u001b[31mred\\u0007"}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: "evil\\u001b[31mred\\u0007"}\n',
  0,
  ['replaces the copy read from'],
);
add(
  'unicode-names.yaml',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: "n\u00e4me-\u2603", labels: {"\u202eevil": "\u202e"}}\n',
  0,
);
add(
  'many-objects.yaml',
  Array.from(
    { length: 2000 },
    (_, i) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${String(i)}, namespace: web}\n`,
  ).join('---\n'),
  0,
);
add(
  'kyverno-policy.yaml',
  'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  validationFailureAction: Enforce\n  rules:\n  - name: r\n    match: {any: [{resources: {kinds: [Pod]}}]}\n    validate: {pattern: {spec: {x: [[[[[1]]]]]}}}\n',
  0,
);
add(
  'gateway-route.yaml',
  'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: web}\nspec: {parentRefs: "everything", rules: 5}\n',
  0,
);
// `kubectl version -o json` alone is a valid input: the cluster's version, no objects.
add(
  'kubectl-version-only.json',
  JSON.stringify({
    clientVersion: { gitVersion: 'v1.34.4' },
    serverVersion: { gitVersion: 'v1.34.4' },
  }),
  0,
);
add(
  'privileged-pod.yaml',
  pod(`${c0}    securityContext: {privileged: true}\n  hostPID: true\n`),
  1,
  [],
  ['--fail-on', 'high'],
);
add(
  'policy-not-yaml.yaml',
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n',
  2,
  ['^chokepoint analyze: [^\\n]*policy-bad\\.yaml:\\d+:\\d+: invalid YAML'],
  ['--policy', '{dir}/policy-bad.yaml'],
);
files.set('policy-bad.yaml', 'nodes: [\n');

// --- Folders -----------------------------------------------------------------
const folder = (
  name: string,
  content: Record<string, string>,
  exit: Case['exit'],
  expect: readonly string[],
): void => {
  for (const [file, text] of Object.entries(content))
    files.set(`${name}/${file}`, text);
  cases.push({
    name,
    exit,
    stderr: expect.map(e => e.replaceAll('{file}', escape(name))),
  });
};
folder(
  'folder-no-objects',
  {
    'a.yaml': '# nothing\n',
    'b.yaml': '---\n',
    'values.yaml': 'replicas: 3\n',
  },
  2,
  ['the directory holds no Kubernetes objects'],
);
folder(
  'folder-one-invalid',
  {
    'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n',
    'b.yaml': pod('  containers: x\n'),
  },
  2,
  [
    '^chokepoint analyze: [^\\n]*{file}/b\\.yaml:7:15 \\(document 1\\): Pod web/app: spec\\.containers must be a list',
  ],
);
folder(
  'folder-chart-and-manifest',
  {
    'chart/Chart.yaml': 'apiVersion: v2\nname: x\nversion: 1.0.0\n',
    'chart/templates/pod.yaml':
      'kind: Pod\nmetadata: {name: {{ .Values.name }}}\n',
    'app.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n',
  },
  0,
  ['warning: [^\\n]*Chart\\.yaml: skipped'],
);
folder(
  'folder-binary-beside-manifest',
  {
    'app.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n',
    'blob.json': '\u0000\u0001{',
  },
  0,
  ['warning: [^\\n]*blob\\.json: skipped'],
);

// Standard input: the same guards as files.
cases.push({
  name: 'stdin-invalid.yaml',
  stdin: true,
  exit: 2,
  stderr: [
    '^chokepoint analyze: <stdin>:7:15 \\(document 1\\): Pod web/app: spec\\.containers must be a list',
  ],
});
files.set('stdin-invalid.yaml', pod('  containers: x\n'));
cases.push({
  name: 'stdin-binary.yaml',
  stdin: true,
  exit: 2,
  stderr: ['^chokepoint analyze: <stdin>:\\d+:\\d+: not UTF-8 text'],
});
files.set(
  'stdin-binary.yaml',
  Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]),
);

rmSync(join(ROOT, 'cases'), { recursive: true, force: true });
for (const [name, content] of files) {
  const path = join(ROOT, 'cases', name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
writeFileSync(join(ROOT, 'cases.json'), `${JSON.stringify(cases, null, 1)}\n`);
console.log(`gen-fuzz-corpus: ${String(cases.length)} cases -> ${ROOT}`);
