/**
 * Small YAML builders for the finding tests: a bare Pod, a Deployment with
 * pods owned through a ReplicaSet name, and a controller without pods (a
 * stand-in). Real Kubernetes shapes with only the fields a case exercises.
 */

/** Indent every line of a YAML block by `n` spaces. */
function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map(line => (line === '' ? line : pad + line))
    .join('\n');
}

/** A Pod; `spec` is the YAML of its spec. */
export function pod(
  name: string,
  spec: string,
  options: {
    namespace?: string;
    metadata?: string;
    status?: string;
    node?: string;
  } = {},
): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${options.namespace ?? 'default'}
${options.metadata === undefined ? '' : indent(options.metadata, 2) + '\n'}spec:
  nodeName: ${options.node ?? 'worker-1'}
${indent(spec, 2)}
${options.status === undefined ? '' : `status:\n${indent(options.status, 2)}\n`}`;
}

/** A container list entry `c` with image `app:1.0` plus extra YAML fields. */
export function containers(extra = '', name = 'c'): string {
  return `containers:
- name: ${name}
  image: app:1.0
${extra === '' ? '' : indent(extra, 2)}`;
}

/** A Deployment `d` with its template spec, and `pods` pods owned through ReplicaSet `d-5d8f7c9b4`. */
export function deployment(
  name: string,
  spec: string,
  pods: number,
  namespace = 'default',
): string {
  const docs = [
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
${indent(spec, 6)}`,
  ];
  for (let i = 0; i < pods; i++) {
    docs.push(
      pod(`${name}-5d8f7c9b4-p${i}`, spec, {
        namespace,
        metadata: `labels: { app: ${name} }
ownerReferences:
- { apiVersion: apps/v1, kind: ReplicaSet, name: ${name}-5d8f7c9b4, controller: true, uid: u }`,
      }),
    );
  }
  return docs.join('\n---\n');
}
