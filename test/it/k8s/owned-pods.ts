/**
 * Manifests of a running cluster (pods that name their ReplicaSet, Job or
 * DaemonSet owner) applied to the real API server: an ownerReference needs
 * the owner's uid, and the garbage collector deletes a pod whose owner does
 * not exist. So owners are applied first; a ReplicaSet or Job the manifests
 * only name (`<deployment>-<hash>`, `<cronjob>-<time>`) is created from its
 * controller's template, owned by it and with no replicas; then each pod
 * gets its owner's uid. No workload controller runs in the harness, so
 * nothing else changes what is applied.
 */

import type { Refusal } from './apply.ts';
import { applyDocs, resourceOf } from './apply.ts';
import type { Api, Doc } from './support.ts';
import { objectPath, record } from './support.ts';

interface OwnerRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
  controller?: boolean;
}

async function uidOf(api: Api, doc: Doc): Promise<string | undefined> {
  const ref = resourceOf(doc);
  if (ref === undefined) return undefined;
  const res = await api.request('GET', objectPath(ref, doc));
  return res.status === 200
    ? (record(record(res.body).metadata).uid as string | undefined)
    : undefined;
}

/** The ReplicaSet or Job a Deployment or CronJob of `docs` would have made under `name`. */
function generatedOwner(
  docs: readonly Doc[],
  kind: string,
  name: string,
  namespace: string,
): { owner: Doc; parent: Doc } | undefined {
  const [parentKind, pattern] =
    kind === 'ReplicaSet'
      ? ['Deployment', /^(.+)-[a-z0-9]{5,10}$/]
      : kind === 'Job'
        ? ['CronJob', /^(.+)-\d{8,10}$/]
        : [undefined, undefined];
  const parentName = pattern?.exec(name)?.[1];
  const parent = docs.find(
    d =>
      d.kind === parentKind &&
      record(d.metadata).name === parentName &&
      (record(d.metadata).namespace ?? 'default') === namespace,
  );
  if (parent === undefined) return undefined;
  const spec = record(parent.spec);
  const template =
    kind === 'Job'
      ? record(record(spec.jobTemplate).spec)
      : { replicas: 0, selector: spec.selector, template: spec.template };
  return {
    parent,
    owner: {
      apiVersion: kind === 'Job' ? 'batch/v1' : 'apps/v1',
      kind,
      metadata: { name, namespace },
      spec: kind === 'Job' ? { ...template, suspend: true } : template,
    },
  };
}

/** Applies docs with their pods owned as the manifests say; returns the refusals. */
export async function applyOwned(
  api: Api,
  docs: readonly Doc[],
): Promise<Refusal[]> {
  const pods = docs.filter(d => d.kind === 'Pod');
  const rest = docs.filter(d => d.kind !== 'Pod');
  const refusals = await applyDocs(api, rest);
  const made = new Map<string, string>();
  const owned: Doc[] = [];
  for (const pod of pods) {
    const meta = record(pod.metadata);
    const namespace = (meta.namespace as string | undefined) ?? 'default';
    const refs = (meta.ownerReferences as OwnerRef[] | undefined) ?? [];
    const withUids: Record<string, unknown>[] = [];
    for (const ref of refs) {
      const key = `${ref.kind ?? ''}/${namespace}/${ref.name ?? ''}`;
      let uid = made.get(key);
      if (uid === undefined) {
        const doc = {
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace },
        };
        uid = await uidOf(api, doc);
        const generated =
          uid === undefined
            ? generatedOwner(docs, ref.kind ?? '', ref.name ?? '', namespace)
            : undefined;
        if (generated !== undefined) {
          const parentUid = await uidOf(api, generated.parent);
          const owner = {
            ...generated.owner,
            metadata: {
              ...record(generated.owner.metadata),
              ownerReferences: [
                {
                  apiVersion: generated.parent.apiVersion,
                  kind: generated.parent.kind,
                  name: record(generated.parent.metadata).name,
                  uid: parentUid,
                  controller: true,
                },
              ],
            },
          };
          refusals.push(...(await applyDocs(api, [owner])));
          uid = await uidOf(api, owner);
        }
        if (uid !== undefined) made.set(key, uid);
      }
      if (uid !== undefined) withUids.push({ ...ref, uid });
    }
    const { ownerReferences: _unresolved, ...plain } = meta;
    owned.push({
      ...pod,
      metadata:
        withUids.length > 0 ? { ...plain, ownerReferences: withUids } : plain,
    });
  }
  refusals.push(...(await applyDocs(api, owned)));
  return refusals;
}
