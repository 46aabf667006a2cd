/**
 * Entity nodes and the structural edges between them (catalog 1 and 3.8):
 * every object kind the catalog names, every identity referenced anywhere
 * (KubeHound drops ServiceAccounts nobody binds, peers.md 3.2), and the
 * non-traversable HAS_ROLE, ROLE_REF, OWNS and RUNS_ON edges kept for
 * exploration and export.
 *
 * Three parts, built in this order (the graph's node order): the core (object
 * kinds, namespaces, ServiceAccounts, nodes), each workload with its
 * containers, then the identities and RBAC objects. Each part runs as its
 * own anchor of the derivation (build-graph.ts), so a fix to one workload or
 * one binding builds again only that part; a part asks only whether nodes of
 * the core or of itself exist.
 */

import { INTERNET_ID, objectId } from '@chokepoint/model';
import type { RbacView } from '../rule-context.ts';
import type { GraphWriter } from '../graph-writer.ts';
import type { SnapshotIndex, WorkloadInfo } from '../snapshot-index.ts';
import { nodeUserName } from './identities.ts';
import type { IdentityTable } from './identities.ts';
import {
  RUNTIME_SECRETS_ID,
  RUNTIME_SECRETS_MEANING,
  RUNTIME_SECRETS_NAMESPACE,
} from './runtime-objects.ts';
import type { ServiceAccountTable } from './service-accounts.ts';
import {
  groupNode,
  objectNode,
  serviceAccountNode,
  userNode,
} from './node-spec.ts';

/** Kinds that become nodes as they are, when present in the input. */
const OBJECT_KINDS = [
  'Namespace',
  'Secret',
  'Service',
  'Ingress',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'UDPRoute',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
] as const;

/** Where a part's outputs go; `hasNode` answers for the core and the part itself. */
export type EntitySink = Pick<GraphWriter, 'addNode' | 'hasNode' | 'addEdge'>;

/** Object kinds, namespaces, ServiceAccounts, aws-auth identities and nodes. */
export function buildEntityCore(
  index: SnapshotIndex,
  accounts: ServiceAccountTable,
  identities: IdentityTable,
  out: EntitySink,
): void {
  out.addNode({ id: INTERNET_ID, kind: 'Internet', name: 'Internet' });
  for (const group of identities.builtInGroups) out.addNode(groupNode(group));

  for (const kind of OBJECT_KINDS) {
    for (const object of index.objects(kind)) out.addNode(objectNode(object));
  }
  for (const name of index.namespaces.keys()) {
    out.addNode({ id: objectId('Namespace', name), kind: 'Namespace', name });
  }
  if (index.runtimeSecrets) {
    out.addNode({
      id: RUNTIME_SECRETS_ID,
      kind: 'Secret',
      name: '*',
      namespace: RUNTIME_SECRETS_NAMESPACE,
      props: { assumed: true, standsFor: RUNTIME_SECRETS_MEANING },
    });
  }
  for (const account of accounts.all) {
    out.addNode({
      ...serviceAccountNode(account.namespace, account.name),
      ...(account.exists ? {} : { props: { exists: false } }),
    });
  }
  const awsAuth = index.get('ConfigMap', 'kube-system', 'aws-auth');
  if (awsAuth !== undefined) {
    out.addNode(objectNode(awsAuth));
    // Catalog 1: the IAM principals, users and groups aws-auth names are nodes.
    for (const { mapping, user, groups } of identities.awsAuth) {
      out.addNode({
        id: `CloudIdentity:aws:${mapping.arn}`,
        kind: 'CloudIdentity',
        name: mapping.arn,
        props: { cloud: 'aws' },
      });
      if (user !== undefined) out.addNode(userNode(user));
      for (const group of groups) out.addNode(groupNode(group));
    }
  }

  for (const node of index.nodes.values()) {
    out.addNode({
      id: node.id,
      kind: 'Node',
      name: node.name,
      props: {
        controlPlane: node.facts.controlPlane,
        os: node.facts.os.value,
        ...(node.assumed ? { assumed: true } : {}),
      },
    });
    // The kubelet's credentials are this user (catalog 1, 3.4).
    out.addNode(userNode(nodeUserName(node.name)));
  }
}

/** One workload, its containers, where it runs and its owner. */
export function buildWorkloadEntity(
  workload: WorkloadInfo,
  out: EntitySink,
): void {
  out.addNode({
    id: workload.id,
    kind: workload.kind,
    name: workload.name,
    namespace: workload.namespace,
    props: {
      serviceAccount: workload.serviceAccount,
      running: workload.running,
      ...(workload.notRunning === undefined
        ? {}
        : { notRunning: workload.notRunning }),
      ...(workload.kind === 'Pod'
        ? { nodes: workload.nodes }
        : { candidateNodes: workload.nodes }),
    },
  });
  for (const container of workload.containers) {
    out.addNode({
      id: container.id,
      kind: 'Container',
      name: container.name,
      namespace: workload.namespace,
      props: {
        containerKind: container.view.kind,
        ...(container.view.spec.image === undefined
          ? {}
          : { image: container.view.spec.image }),
        running: container.running,
      },
    });
  }
  if (workload.kind === 'Pod') {
    for (const node of workload.nodes) {
      out.addEdge('RUNS_ON', workload.id, objectId('Node', node), 'high', {
        field: 'spec.nodeName',
      });
    }
  }
  if (workload.controller !== undefined) {
    const owner = objectId(
      workload.controller.kind,
      workload.controller.name,
      workload.namespace,
    );
    if (owner !== workload.id && out.hasNode(owner)) {
      out.addEdge('OWNS', owner, workload.id, 'high', {
        field: 'metadata.ownerReferences',
      });
    }
  }
}

/** Users and groups bindings or the caller name, roles and bindings with their edges. */
export function buildRbacEntities(
  rbac: RbacView,
  identities: IdentityTable,
  out: EntitySink,
): void {
  for (const { kind, name } of [
    ...identities.subjects,
    ...identities.memberships,
    ...identities.named,
  ]) {
    out.addNode(kind === 'User' ? userNode(name) : groupNode(name));
  }

  for (const role of rbac.roles()) {
    out.addNode(objectNode(role.object, { rules: role.rules.length }));
  }
  for (const binding of rbac.bindings()) {
    out.addNode(
      objectNode(
        binding.object,
        binding.assumedDefault ? { assumedDefault: true } : undefined,
      ),
    );
    if (binding.roleExists && out.hasNode(binding.role)) {
      out.addEdge('ROLE_REF', binding.id, binding.role, 'high', {
        field: 'roleRef',
      });
    }
    for (const subject of binding.subjects) {
      const id =
        subject.kind === 'ServiceAccount'
          ? objectId(
              'ServiceAccount',
              subject.name,
              subject.namespace ?? binding.namespace,
            )
          : objectId(subject.kind, subject.name);
      if (out.hasNode(id))
        out.addEdge('HAS_ROLE', id, binding.id, 'high', { field: 'subjects' });
    }
  }
}
