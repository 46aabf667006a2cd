/** Node specs for Kubernetes objects and identities, with catalog ids (section 1). */

import { objectId } from '@chokepoint/model';
import type { KubeObject } from '@chokepoint/model';
import type { NodeSpec } from '../rules/define-rule.ts';

export function objectNode(
  object: KubeObject,
  props?: Record<string, unknown>,
): NodeSpec {
  const { name, namespace } = object.metadata;
  return {
    id: objectId(object.kind, name, namespace),
    kind: object.kind,
    name,
    ...(namespace === undefined ? {} : { namespace }),
    ...(props === undefined ? {} : { props }),
  };
}

export function serviceAccountNode(namespace: string, name: string): NodeSpec {
  return {
    id: objectId('ServiceAccount', name, namespace),
    kind: 'ServiceAccount',
    name,
    namespace,
  };
}

export function userNode(name: string): NodeSpec {
  return { id: objectId('User', name), kind: 'User', name };
}

export function groupNode(name: string): NodeSpec {
  return { id: objectId('Group', name), kind: 'Group', name };
}

export function impersonatedUserNode(name: string): NodeSpec {
  return {
    id: objectId('ImpersonatedUser', name),
    kind: 'ImpersonatedUser',
    name,
  };
}
