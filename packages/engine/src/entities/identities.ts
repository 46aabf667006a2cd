/**
 * The User and Group names a snapshot yields (catalog 1), computed once per
 * analysis: the built-in groups every cluster has (system:masters,
 * system:authenticated, system:unauthenticated), `system:node:<n>` for every
 * node (the kubelet's credentials, catalog 3.4), the users and groups binding
 * subjects name, the policy's `memberships`, the usernames and groups of
 * `kube-system/aws-auth`, and every `User:`/`Group:` id the policy's `entry`
 * and `critical` lists or the caller (`--entry`, `--from`...) names: a user
 * exists whether or not a binding names it (every user is at least in
 * `system:authenticated`), so deleting the binding that named it (a fix)
 * never makes it vanish. The entity builder creates exactly these nodes, and
 * the rules that enumerate users or groups (MEMBER_OF, CLOUD_MAPS_TO, the
 * identity and credential rules) read this one table, so they cannot
 * disagree. Each source keeps its own order, which fixes the order nodes are
 * created in.
 */

import type { RbacModel } from '../rbac/index.ts';
import type { SnapshotIndex } from '../snapshot-index.ts';
import { awsAuthMappings, isTemplated } from './aws-auth.ts';
import type { AwsAuthMapping } from './aws-auth.ts';

export const BUILT_IN_GROUPS: readonly string[] = [
  'system:masters',
  'system:authenticated',
  'system:unauthenticated',
];

export interface NamedIdentity {
  readonly kind: 'User' | 'Group';
  readonly name: string;
}

/** One aws-auth mapping and the User and Group names it yields. */
export interface AwsAuthIdentities {
  readonly mapping: AwsAuthMapping;
  /** The username, unless templated (`{{SessionName}}`...). */
  readonly user?: string;
  readonly groups: readonly string[];
}

export interface IdentityTable {
  readonly builtInGroups: readonly string[];
  /** `system:node:<n>`, in node order. */
  readonly nodeUsers: readonly string[];
  /** Users and groups named by binding subjects, in `rbac.subjectsNamed()` order. */
  readonly subjects: readonly NamedIdentity[];
  /** Per `memberships` entry: its User, if one, then its Groups. */
  readonly memberships: readonly NamedIdentity[];
  /** Users and groups named by the policy's entry/critical ids and the caller, in that order. */
  readonly named: readonly NamedIdentity[];
  /** Per mapping of `kube-system/aws-auth`, in order. */
  readonly awsAuth: readonly AwsAuthIdentities[];
  /** Every User name, sorted. */
  readonly users: readonly string[];
  /** Every Group name, sorted. */
  readonly groups: readonly string[];
}

export const nodeUserName = (node: string): string => `system:node:${node}`;

/** The User or Group an id names (`User:alice`, `Group:dev`), if it names one. */
export function namedIdentity(id: string): NamedIdentity | undefined {
  if (id.startsWith('User:') && id.length > 'User:'.length)
    return { kind: 'User', name: id.slice('User:'.length) };
  if (id.startsWith('Group:') && id.length > 'Group:'.length)
    return { kind: 'Group', name: id.slice('Group:'.length) };
  return undefined;
}

/** @param named ids the caller names (`--entry`, `--from`, `--to`...); only `User:`/`Group:` ones count */
export function identityTable(
  index: SnapshotIndex,
  rbac: RbacModel,
  named: readonly string[] = [],
): IdentityTable {
  const nodeUsers = [...index.nodes.values()].map(node =>
    nodeUserName(node.name),
  );
  const subjects: NamedIdentity[] = [];
  for (const subject of rbac.subjectsNamed()) {
    if (subject.kind === 'User' || subject.kind === 'Group')
      subjects.push({ kind: subject.kind, name: subject.name });
  }
  const memberships: NamedIdentity[] = [];
  for (const [member, groups] of Object.entries(index.policy.memberships)) {
    if (member.startsWith('User:'))
      memberships.push({ kind: 'User', name: member.slice('User:'.length) });
    for (const group of groups) {
      if (group.startsWith('Group:'))
        memberships.push({ kind: 'Group', name: group.slice('Group:'.length) });
    }
  }
  const namedIdentities = [
    ...index.policy.entry.ids,
    ...index.policy.critical.ids,
    ...named,
  ].flatMap(id => namedIdentity(id) ?? []);
  const awsAuth = awsAuthMappings(
    index.get('ConfigMap', 'kube-system', 'aws-auth'),
  ).mappings.map((mapping): AwsAuthIdentities => ({
    mapping,
    ...(mapping.username !== undefined && !isTemplated(mapping.username)
      ? { user: mapping.username }
      : {}),
    groups: mapping.groups,
  }));

  const users = new Set(nodeUsers);
  const groups = new Set(BUILT_IN_GROUPS);
  for (const { kind, name } of [
    ...subjects,
    ...memberships,
    ...namedIdentities,
  ])
    (kind === 'User' ? users : groups).add(name);
  for (const entry of awsAuth) {
    if (entry.user !== undefined) users.add(entry.user);
    for (const group of entry.groups) groups.add(group);
  }
  return {
    builtInGroups: BUILT_IN_GROUPS,
    nodeUsers,
    subjects,
    memberships,
    named: namedIdentities,
    awsAuth,
    users: [...users].sort(),
    groups: [...groups].sort(),
  };
}
