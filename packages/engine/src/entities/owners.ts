/**
 * Which controller a pod belongs to, following ownerReferences to the topmost
 * owner (catalog 1.3: Deployment -> ReplicaSet and CronJob -> Job chains get
 * one stand-in, for the topmost owner). Manifest input often holds a pod's
 * ReplicaSet or Job only by name; their generated names
 * (`<deployment>-<pod-template-hash>`, `<cronjob>-<scheduled time>`) tie them
 * to the owner when the middle object is absent.
 */

import type { KubeObject } from '@chokepoint/model';

export const CONTROLLER_KINDS = [
  'CronJob',
  'DaemonSet',
  'Deployment',
  'Job',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
] as const;

export type ControllerKind = (typeof CONTROLLER_KINDS)[number];

export function isControllerKind(kind: string): kind is ControllerKind {
  return (CONTROLLER_KINDS as readonly string[]).includes(kind);
}

export interface ControllerRef {
  readonly kind: ControllerKind;
  readonly name: string;
}

/** Controllers by `<Kind>/<name>`, within one namespace. */
export type ControllerTable = ReadonlyMap<string, KubeObject>;

const GENERATED_SUFFIX: Partial<
  Record<ControllerKind, { parent: ControllerKind; pattern: RegExp }>
> = {
  ReplicaSet: { parent: 'Deployment', pattern: /^(.+)-[a-z0-9]{5,10}$/ },
  Job: { parent: 'CronJob', pattern: /^(.+)-\d{8,10}$/ },
};

function controllerOwner(object: KubeObject): ControllerRef | undefined {
  const refs = object.metadata.ownerReferences ?? [];
  const ref = refs.find(r => r.controller === true) ?? refs[0];
  if (ref === undefined || !isControllerKind(ref.kind)) return undefined;
  return { kind: ref.kind, name: ref.name };
}

/** The topmost controller owning `object` (itself excluded), if any. */
export function topController(
  object: KubeObject,
  controllers: ControllerTable,
): ControllerRef | undefined {
  let current = controllerOwner(object);
  const seen = new Set<string>();
  while (current !== undefined) {
    const key = `${current.kind}/${current.name}`;
    if (seen.has(key)) return current;
    seen.add(key);
    const owner = controllers.get(key);
    if (owner !== undefined) {
      const next = controllerOwner(owner);
      if (next === undefined) return current;
      current = next;
      continue;
    }
    const generated = GENERATED_SUFFIX[current.kind];
    const match = generated?.pattern.exec(current.name);
    if (
      generated !== undefined &&
      match?.[1] !== undefined &&
      controllers.has(`${generated.parent}/${match[1]}`)
    ) {
      return { kind: generated.parent, name: match[1] };
    }
    return current;
  }
  return undefined;
}
