/**
 * A component's own Secret kept in a namespace of its own (knowledge base
 * `ownSecret`): cert-manager's webhook makes its CA Secret on first start,
 * so its Role grants `create secrets`, which RBAC cannot restrict by name;
 * in the component's namespace that reaches every ServiceAccount there (a
 * token Secret made for one, read back by the Secret's name). The fix is
 * the component's own flags and objects, one multi-object fix
 * (cli-contract `fix.also`), made in this order:
 *
 * 1. a Namespace for the Secret, and the Role and RoleBinding moved there
 *    (same rules, same subjects), so the component may write it there;
 * 2. the component told where its Secret now is (its namespace flag, a pod
 *    template change that rolls its pods out);
 * 3. the objects that name the Secret by annotation (`<namespace>/<name>`:
 *    the webhook configurations the CA injector fills) pointed there;
 * 4. the Role in the component's namespace deleted (when nothing else
 *    binds it), then its RoleBinding (the fix's own target).
 *
 * Offered only when the component runs from a controller's template, its
 * flag names the binding's namespace (as a literal or through an env var
 * set from `metadata.namespace`), the Role grants the Secret by name, no
 * reader of it is confined to one namespace, and the new namespace's name
 * is free.
 */

import { objectId } from '@chokepoint/model';
import type { FixPart, KubeObject } from '@chokepoint/model';
import { asArray, asRecord, asString } from '../../predicates/json.ts';
import type { SnapshotIndex, WorkloadInfo } from '../../snapshot-index.ts';
import type { Fix } from '../apply-fix.ts';
import { KNOWLEDGE, recogniseContainer } from '../knowledge/index.ts';
import type { Component, OwnSecret } from '../knowledge/index.ts';
import { podsOf } from '../controller-pods.ts';
import { flagValue } from './namespaced-binding.ts';
import { TEMPLATE_KINDS } from './template-kinds.ts';

/** Kinds that name a Secret to copy a CA from by annotation. */
const ANNOTATED_KINDS = [
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'APIService',
  'CustomResourceDefinition',
] as const;

/**
 * A flag's value as the container sees it: `$(VAR)` expanded when VAR is
 * the pod's namespace (`fieldRef: metadata.namespace`); undefined when it
 * depends on anything else.
 */
export function resolvedFlag(
  container: Readonly<Record<string, unknown>>,
  flag: string,
  namespace: string,
): string | undefined {
  const value = flagValue(asArray(container.args), flag);
  if (value === undefined) return undefined;
  const namespaceVars = new Set(
    asArray(container.env).flatMap(item => {
      const env = asRecord(item);
      const path = asString(
        asRecord(asRecord(env?.valueFrom)?.fieldRef)?.fieldPath,
      );
      const name = asString(env?.name);
      return path === 'metadata.namespace' && name !== undefined ? [name] : [];
    }),
  );
  const resolved = value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v) =>
    namespaceVars.has(v as string) ? namespace : m,
  );
  return resolved.includes('$(') ? undefined : resolved;
}

/** The raw containers of a controller's pod template. */
function templateContainers(controller: KubeObject): Record<string, unknown>[] {
  const template = asRecord(asRecord(controller.spec)?.template);
  return asArray(asRecord(template?.spec)?.containers).flatMap(item => {
    const container = asRecord(item);
    return container === undefined ? [] : [container];
  });
}

interface Owner {
  readonly component: Component;
  readonly own: OwnSecret;
  readonly workload: WorkloadInfo;
  readonly controller: KubeObject;
  readonly container: string;
}

/** The known component with an own Secret that runs as one of the binding's subjects. */
function ownerOf(index: SnapshotIndex, binding: KubeObject): Owner | undefined {
  const namespace = binding.metadata.namespace ?? '';
  for (const item of asArray(binding.subjects)) {
    const subject = asRecord(item);
    if (asString(subject?.kind) !== 'ServiceAccount') return undefined;
    const name = asString(subject?.name);
    const ns = asString(subject?.namespace) ?? namespace;
    for (const workload of index.workloadsInNamespace(ns)) {
      if (workload.serviceAccount !== name) continue;
      for (const container of workload.spec.containers) {
        const component = recogniseContainer(
          KNOWLEDGE,
          container,
          workload.labels,
        )?.component;
        const own = component?.ownSecret;
        const ref = workload.controller;
        if (own === undefined || component === undefined) continue;
        if (ref === undefined || !TEMPLATE_KINDS.has(ref.kind))
          return undefined;
        const controller = index.get(ref.kind, ns, ref.name);
        if (controller === undefined) return undefined;
        return {
          component,
          own,
          workload,
          controller,
          container: container.name,
        };
      }
    }
  }
  return undefined;
}

/** A reader confined to one namespace would no longer see the Secret. */
function readerConfined(index: SnapshotIndex, own: OwnSecret): boolean {
  const reader = own.reader;
  if (reader === undefined) return false;
  return index.workloads.some(workload =>
    workload.spec.containers.some(container => {
      if (
        recogniseContainer(KNOWLEDGE, container, workload.labels)?.component
          .id !== reader.component
      )
        return false;
      const value = flagValue(
        asArray(container.raw.args),
        reader.namespaceFlag,
      );
      return value !== undefined && value !== '';
    }),
  );
}

function grantsByName(role: KubeObject, secret: string): boolean {
  return asArray(role.rules).some(item => {
    const rule = asRecord(item);
    return (
      asArray(rule?.resources).includes('secrets') &&
      asArray(rule?.resourceNames).includes(secret)
    );
  });
}

export function ownSecretNamespaceFix(
  index: SnapshotIndex,
  binding: KubeObject,
  role: KubeObject,
): Fix | undefined {
  const namespace = binding.metadata.namespace;
  if (
    binding.kind !== 'RoleBinding' ||
    role.kind !== 'Role' ||
    namespace === undefined ||
    role.metadata.namespace !== namespace ||
    asString(asRecord(binding.roleRef)?.kind) !== 'Role' ||
    asString(asRecord(binding.roleRef)?.name) !== role.metadata.name
  )
    return undefined;
  const owner = ownerOf(index, binding);
  if (owner === undefined) return undefined;
  const { own, controller, workload } = owner;
  const containers = templateContainers(controller);
  const container = containers.find(c => asString(c.name) === owner.container);
  if (container === undefined) return undefined;
  const home = resolvedFlag(container, own.namespaceFlag, workload.namespace);
  const secret = resolvedFlag(container, own.nameFlag, workload.namespace);
  if (home !== namespace || secret === undefined || secret === '')
    return undefined;
  if (!grantsByName(role, secret) || readerConfined(index, own))
    return undefined;
  // The new namespace is named after the Secret; any object naming it takes it.
  const moved = secret;
  if (index.namespaces.has(moved)) return undefined;

  const labels =
    role.metadata.labels === undefined ? {} : { labels: role.metadata.labels };
  const roleName = role.metadata.name;
  const bindingName = binding.metadata.name;
  const controllerId = objectId(
    controller.kind,
    controller.metadata.name,
    workload.namespace,
  );
  const args = asArray(container.args).map(arg =>
    typeof arg === 'string' && arg.startsWith(`${own.namespaceFlag}=`)
      ? `${own.namespaceFlag}=${moved}`
      : arg,
  );
  // A flag given as two args (`--flag value`) is left alone: no fix.
  const flagged = args.some(arg => arg === `${own.namespaceFlag}=${moved}`);
  if (!flagged) return undefined;
  const annotated = ANNOTATED_KINDS.flatMap(kind =>
    index
      .objects(kind)
      .filter(
        o =>
          o.metadata.annotations?.[own.annotation] === `${namespace}/${secret}`,
      )
      .map(o => objectId(kind, o.metadata.name, o.metadata.namespace)),
  );
  const otherBindings = index
    .inNamespace('RoleBinding', namespace)
    .filter(
      b =>
        b.metadata.name !== bindingName &&
        asString(asRecord(b.roleRef)?.kind) === 'Role' &&
        asString(asRecord(b.roleRef)?.name) === roleName,
    );
  const subjects = asArray(binding.subjects).map(item => {
    const subject = asRecord(item) ?? {};
    return { ...subject, namespace: asString(subject.namespace) ?? namespace };
  });
  const replaces = podsOf(index, controllerId);
  const parts: FixPart[] = [
    {
      action: 'create',
      target: `Namespace:${moved}`,
      object: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: moved, ...labels },
      },
    },
    {
      action: 'create',
      target: `Role:${moved}/${roleName}`,
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: roleName, namespace: moved, ...labels },
        rules: role.rules,
      },
    },
    {
      action: 'create',
      target: `RoleBinding:${moved}/${bindingName}`,
      object: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: {
          name: bindingName,
          namespace: moved,
          ...(binding.metadata.labels === undefined
            ? {}
            : { labels: binding.metadata.labels }),
        },
        roleRef: binding.roleRef,
        subjects,
      },
    },
    {
      action: 'patch',
      target: controllerId,
      patch: {
        spec: {
          template: {
            spec: {
              containers: containers.map(c =>
                c === container ? { ...c, args } : c,
              ),
            },
          },
        },
      },
    },
    ...annotated.map((target): FixPart => ({
      action: 'patch',
      target,
      patch: {
        metadata: { annotations: { [own.annotation]: `${moved}/${secret}` } },
      },
    })),
    ...(otherBindings.length === 0
      ? [
          {
            action: 'delete' as const,
            target: `Role:${namespace}/${roleName}`,
          },
        ]
      : []),
  ];
  const target = `RoleBinding:${namespace}/${bindingName}`;
  const pods = replaces.length;
  return {
    id: `delete:${target}#secret-in-namespace-${moved}`,
    action: 'delete',
    target,
    also: parts,
    ...(pods > 0 ? { replaces } : {}),
    description: `move ${owner.component.name}’s Secret ${secret} to a namespace of its own, ${moved} (its Role and RoleBinding made there, ${own.namespaceFlag}=${moved} on ${controllerId}${annotated.length > 0 ? `, ${own.annotation} of ${annotated.join(', ')}` : ''}; then the Role and RoleBinding in ${namespace} deleted): its create secrets no longer reaches the ServiceAccounts of ${namespace}`,
  };
}
