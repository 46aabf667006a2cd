/**
 * Snapshot -> attack graph (catalog sections 1 to 3), the engine's one pure
 * entry point for graph building:
 *
 * 1. index the snapshot and build the RBAC model (defaults assumed when the
 *    input lacks the built-in roles, catalog 4.5);
 * 2. add entity nodes and structural edges;
 * 3. run every snapshot rule once;
 * 4. give each identity its permission holder (holder.ts) and run the holder
 *    rules for every new holder, until rules stop creating identities or
 *    RoleInScope nodes (ROLE_BIND targets, impersonated users).
 *
 * Rules return edge records; only this module (through GraphWriter) adds
 * edges, so deduplication and confidence merging happen in one place.
 */

import { CONFIDENCE_ORDER, createAttackGraph } from '@chokepoint/model';
import type {
  AttackGraph,
  Confidence,
  RuleEdgeKind,
  ScopeId,
  Snapshot,
} from '@chokepoint/model';
import { assumptionsOf } from './entities/assumptions.ts';
import { buildEntities } from './entities/build-entities.ts';
import { identityTable } from './entities/identities.ts';
import { serviceAccountTable } from './entities/service-accounts.ts';
import type { ServiceAccountTable } from './entities/service-accounts.ts';
import { GraphWriter } from './graph-writer.ts';
import { holderIdOf, holderKey, holdsClusterAdmin } from './holder.ts';
import type { Holder } from './holder.ts';
import { DEFAULT_POLICY } from './policy.ts';
import type { Policy } from './policy.ts';
import type { OnProgress } from './progress.ts';
import { RbacModel, serviceAccountUsername } from './rbac/index.ts';
import type { Grant, Identity } from './rbac/index.ts';
import type { RuleContext } from './rule-context.ts';
import { scopeId } from './rule-context.ts';
import type { NodeSpec, RecordOf, Rule } from './rules/define-rule.ts';
import { buildSnapshotIndex } from './snapshot-index.ts';
import type { SnapshotIndex } from './snapshot-index.ts';

export interface BuildOptions {
  readonly policy?: Policy;
  /**
   * Ids the caller names (`--entry`, `--critical`, `--from`, `--to`): each
   * `User:`/`Group:` one gets its node whether or not a binding names it.
   */
  readonly identities?: readonly string[];
  /** Called as rules run: phase `graph`, rules done of the rule count. */
  readonly onProgress?: OnProgress;
}

/** Rules by edge kind: the full registry, or a part of it in a rule's own test. */
export type RuleSet = Readonly<Partial<Record<RuleEdgeKind, Rule>>>;

export interface BuildResult {
  readonly graph: AttackGraph;
  readonly index: SnapshotIndex;
  readonly rbac: RbacModel;
  readonly accounts: ServiceAccountTable;
  /** Holders by node id. */
  readonly holders: ReadonlyMap<string, Holder>;
  /**
   * What the analysis assumed for objects the input lacks (built-in roles,
   * nodes, runtime Secrets): a report states these in its first lines.
   */
  readonly assumptions: readonly string[];
  /** Other things a report should state (unknown version...). */
  readonly notes: readonly string[];
}

const IDENTITY_KINDS = new Set([
  'ServiceAccount',
  'User',
  'Group',
  'ImpersonatedUser',
]);

function identityOf(
  kind: string,
  name: string,
  namespace: string | undefined,
  policy: Policy,
): Identity | undefined {
  switch (kind) {
    case 'ServiceAccount': {
      const ns = namespace ?? 'default';
      return {
        user: serviceAccountUsername(ns, name),
        groups: [
          'system:serviceaccounts',
          `system:serviceaccounts:${ns}`,
          'system:authenticated',
        ],
      };
    }
    case 'User': {
      const groups = [
        name === 'system:anonymous'
          ? 'system:unauthenticated'
          : 'system:authenticated',
      ];
      if (name.startsWith('system:node:')) groups.push('system:nodes');
      for (const group of policy.memberships[`User:${name}`] ?? []) {
        if (group.startsWith('Group:'))
          groups.push(group.slice('Group:'.length));
      }
      return { user: name, groups };
    }
    case 'ImpersonatedUser':
      // Only the groups impersonation gives (catalog 3.5 IMPERSONATE_USER, 3.7).
      return {
        user: name,
        groups: [
          name === 'system:anonymous'
            ? 'system:unauthenticated'
            : 'system:authenticated',
        ],
      };
    case 'Group':
      return { groups: [name] };
    default:
      return undefined;
  }
}

function scopeOf(text: string): ScopeId | undefined {
  if (text === 'cluster') return 'cluster';
  return text.startsWith('Namespace:') ? (text as ScopeId) : undefined;
}

export function buildAttackGraph(
  snapshot: Snapshot,
  rules: RuleSet,
  options: BuildOptions = {},
): BuildResult {
  const policy = options.policy ?? DEFAULT_POLICY;
  const index = buildSnapshotIndex(snapshot, policy);
  const rbac = RbacModel.fromObjects(
    {
      roles: index.objects('Role'),
      clusterRoles: index.objects('ClusterRole'),
      roleBindings: index.objects('RoleBinding'),
      clusterRoleBindings: index.objects('ClusterRoleBinding'),
    },
    { assumeDefaults: 'auto', trustCollectedAggregation: index.live },
  );
  const graph = createAttackGraph({
    cluster: snapshot.cluster.name,
    ...(index.serverVersion === undefined
      ? {}
      : { serverVersion: index.serverVersion }),
  });
  const out = new GraphWriter(graph);
  const accounts = serviceAccountTable(index, rbac);
  const identities = identityTable(index, rbac, options.identities);
  buildEntities(index, rbac, accounts, identities, out);

  const ordered = Object.values(rules).sort((a, b) =>
    a.kind < b.kind ? -1 : 1,
  );
  const scopes = new Map<string, string | undefined>();
  const ctx: RuleContext = {
    index,
    policy,
    rbac,
    accounts,
    identities,
    scope(key, label, members) {
      if (scopes.has(key)) return scopes.get(key);
      // A member known with less than full confidence (an inferred
      // ServiceAccount) keeps it on its INCLUDES edge, so paths through the
      // scope carry it.
      const confidence = new Map<string, Confidence>();
      for (const member of members()) {
        const [id, level] =
          typeof member === 'string'
            ? [member, 'high' as const]
            : [member.id, member.confidence];
        const seen = confidence.get(id);
        if (
          seen === undefined ||
          CONFIDENCE_ORDER.indexOf(level) > CONFIDENCE_ORDER.indexOf(seen)
        )
          confidence.set(id, level);
      }
      const list = [...confidence.keys()].sort();
      let id: string | undefined;
      const only = list[0];
      if (
        list.length === 1 &&
        only !== undefined &&
        confidence.get(only) === 'high'
      )
        id = only;
      else if (list.length > 0) {
        id = scopeId(key);
        out.addNode({
          id,
          kind: 'Scope',
          name: label,
          props: { members: list.length },
        });
        for (const member of list)
          out.addEdge(
            'INCLUDES',
            id,
            member,
            confidence.get(member) ?? 'high',
            {},
          );
      }
      scopes.set(key, id);
      return id;
    },
  };

  const created: NodeSpec[] = [];
  const record = <K extends RuleEdgeKind>(kind: K, edge: RecordOf<K>): void => {
    if (edge.toNode !== undefined && out.addNode(edge.toNode))
      created.push(edge.toNode);
    out.addEdge(kind, edge.from, edge.to, edge.confidence, edge.evidence);
  };
  // Nodes rules created get the edges other rules give such nodes (matchNode).
  const drainCreated = (): void => {
    while (created.length > 0) {
      const node = created.shift();
      if (node === undefined) break;
      for (const rule of ordered) {
        if (rule.matchNode === undefined) continue;
        for (const edge of rule.matchNode(ctx, node)) record(rule.kind, edge);
      }
    }
  };

  const report = options.onProgress;
  report?.({ phase: 'graph', done: 0, total: ordered.length });
  for (const [i, rule] of ordered.entries()) {
    if (rule.match !== undefined)
      for (const edge of rule.match(ctx)) record(rule.kind, edge);
    report?.({ phase: 'graph', done: i + 1, total: ordered.length });
  }
  drainCreated();

  const holders = new Map<string, Holder>();
  const assigned = new Set<string>();
  const exempt = new Set(policy.podSecurity.exemptions.usernames);

  const holderFor = (
    grants: readonly Grant[],
    user?: string,
  ): { holder: Holder; created: boolean } => {
    const key = holderKey(
      grants,
      user !== undefined && exempt.has(user) ? user : undefined,
    );
    const id = holderIdOf(key);
    const existing = holders.get(id);
    if (existing !== undefined) return { holder: existing, created: false };
    const holder: Holder = {
      id,
      grants,
      users: user !== undefined && exempt.has(user) ? [user] : [],
      clusterAdmin: holdsClusterAdmin(grants),
    };
    holders.set(id, holder);
    if (id.startsWith('PermissionSet:')) {
      out.addNode({
        id,
        kind: 'PermissionSet',
        name: `${String(grants.length)} grants`,
        props: {
          bindings: grants.map(g => g.binding),
          clusterAdmin: holder.clusterAdmin,
        },
      });
    } else if (!out.hasNode(id)) {
      const only = grants[0];
      out.addNode({
        id,
        kind: 'RoleInScope',
        name: id.slice('RoleInScope:'.length),
        props: {
          role: only?.role,
          scope: only?.namespace ? `Namespace:${only.namespace}` : 'cluster',
          clusterAdmin: holder.clusterAdmin,
        },
      });
    }
    return { holder, created: true };
  };

  const pendingHolders: Holder[] = [];
  const assignHolders = (): void => {
    graph.forEachNode((id, attributes) => {
      if (assigned.has(id)) return;
      if (attributes.kind === 'RoleInScope') {
        assigned.add(id);
        const body = id.slice('RoleInScope:'.length);
        const at = body.lastIndexOf('@');
        const scope = scopeOf(body.slice(at + 1));
        const grant =
          scope === undefined
            ? undefined
            : rbac.grantOf(body.slice(0, at), scope);
        if (grant === undefined) return;
        const { holder, created } = holderFor([grant]);
        if (created) pendingHolders.push(holder);
        return;
      }
      if (!IDENTITY_KINDS.has(attributes.kind)) return;
      assigned.add(id);
      const identity = identityOf(
        attributes.kind,
        attributes.name,
        attributes.namespace,
        policy,
      );
      if (identity === undefined) return;
      const grants = rbac.grantsFor(identity);
      if (grants.length === 0) return;
      const { holder, created } = holderFor(grants, identity.user);
      if (created) pendingHolders.push(holder);
      if (holder.clusterAdmin)
        graph.mergeNodeAttributes(id, {
          props: { ...(attributes.props ?? {}), clusterAdmin: true },
        });
      if (holder.id !== id) {
        out.addEdge('GRANTS', id, holder.id, 'high', {
          bindings: grants.map(g => g.binding),
        });
      }
    });
  };

  assignHolders();
  while (pendingHolders.length > 0) {
    const batch = pendingHolders.splice(0);
    for (const holder of batch) {
      for (const rule of ordered) {
        if (rule.matchHolder === undefined) continue;
        for (const edge of rule.matchHolder(ctx, holder))
          record(rule.kind, edge);
      }
    }
    drainCreated();
    assignHolders();
  }

  const notes: string[] = [];
  if (index.version === undefined) {
    notes.push(
      'The server version is unknown: version-dependent edges are at most medium confidence.',
    );
  }
  return {
    graph,
    index,
    rbac,
    accounts,
    holders,
    assumptions: assumptionsOf(index, rbac),
    notes,
  };
}
