/**
 * The attack graph as a derivation (architecture.md 3a): every node and
 * every way of every edge is produced by one *anchor*, a unit of work that
 * reads facts through the tracked rule context and can be run again alone:
 *
 * - `E`                 entity nodes: object kinds, namespaces, ServiceAccounts, nodes;
 * - `E|w|<workload>`    one workload's entity nodes and structural edges;
 * - `E|r`               users, groups, roles and bindings with their edges;
 * - `R|KIND`            a rule's `match` over the whole snapshot;
 * - `W|<workload>`      the `matchWorkload` rules on one workload;
 * - `O|<object>`        the `matchObject` rules on one object;
 * - `I|<identity>`      the `matchIdentity` rules on one ServiceAccount or User;
 * - `N|<node>`          the `matchNode` rules on a node a rule created;
 * - `G|<node>`          an identity's (or RoleInScope's) permission holder;
 * - `H|KIND|<holder>`   one holder rule on one permission holder;
 * - `S|<scope key>`     the members of one Scope.
 *
 * The full build runs every anchor in the order the graph was always built
 * in (entities, rules by kind, created nodes, holders until none is new), so
 * the graph is the same as before. Each anchor keeps what it read (track.ts)
 * and what it produced; a what-if (what-if.ts) runs again only the anchors
 * whose reads a fix changes, plus those of subjects that appear, and drops
 * those of subjects that disappear.
 */

import { CONFIDENCE_ORDER } from '@chokepoint/model';
import type {
  AnyEdgeKind,
  Confidence,
  KubeObject,
  ScopeId,
  Way,
} from '@chokepoint/model';
import { holderId, holdsClusterAdmin } from '../holder.ts';
import type { Holder } from '../holder.ts';
import type { Policy } from '../policy.ts';
import { serviceAccountIdentity } from '../rbac/index.ts';
import type { Grant, Identity } from '../rbac/index.ts';
import type { RuleContext, ScopeMember } from '../rule-context.ts';
import { scopeId } from '../rule-context.ts';
import type {
  EdgeRecord,
  IdentitySubject,
  NodeSpec,
  Rule,
} from '../rules/define-rule.ts';
import type { WorkloadInfo } from '../snapshot-index.ts';
import { KEY } from './keys.ts';
import { track, withReads } from './track.ts';
import type { ReadSet } from './track.ts';

/** One way of one edge, as an anchor produced it. */
export interface WayOut {
  readonly kind: AnyEdgeKind;
  readonly from: string;
  readonly to: string;
  readonly confidence: Confidence;
  readonly evidence: Way;
  /**
   * The graph's key of the edge, set when the full build adds the way
   * (GraphWriter made it): the what-if's index of the base derivation uses
   * it instead of making a key string for each of a million ways again.
   */
  key?: string;
}

/** What one anchor read and produced. */
export interface AnchorOut {
  readonly key: string;
  readonly reads: ReadSet;
  readonly ways: WayOut[];
  /** Nodes the anchor adds (whether or not another anchor added them first). */
  readonly nodes: NodeSpec[];
  /** G anchors: the holder the node uses, and whether it holds cluster-admin. */
  holder?: Holder;
  /** S anchors: the id the scope resolves to. */
  resolved?: string | undefined;
  resolvedSet?: boolean;
}

/** Where an anchor's outputs go as they are produced (the graph writer, or a what-if layer). */
export interface DerivationSink {
  /** Adds a node; false when it was there already. */
  addNode(spec: NodeSpec): boolean;
  hasNode(id: string): boolean;
  addEdge(way: WayOut): void;
}

export const IDENTITY_KINDS: ReadonlySet<string> = new Set([
  'ServiceAccount',
  'User',
  'Group',
  'ImpersonatedUser',
]);

export function identityOf(
  kind: string,
  name: string,
  namespace: string | undefined,
  policy: Policy,
): Identity | undefined {
  switch (kind) {
    case 'ServiceAccount':
      return serviceAccountIdentity(namespace ?? 'default', name);
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

/** The grant a RoleInScope node stands for (catalog 1.2), from its id. */
export function roleInScopeGrant(
  rbac: RuleContext['rbac'],
  id: string,
): Grant | undefined {
  const body = id.slice('RoleInScope:'.length);
  const at = body.lastIndexOf('@');
  const scope = scopeOf(body.slice(at + 1));
  return scope === undefined
    ? undefined
    : rbac.grantOf(body.slice(0, at), scope);
}

/** The parts of a rule context a derivation builds the tracked context from. */
export type ContextParts = Omit<RuleContext, 'scope'>;

/** Rules in the order the graph is built in: by kind. */
export function orderedRules(rules: Iterable<Rule>): Rule[] {
  return [...rules].sort((a, b) => (a.kind < b.kind ? -1 : 1));
}

/**
 * The rule context of a Deriver: an instance of one class, so every
 * derivation's context has the same hidden class. Spread into an object
 * literal it did not: V8's object-spread cache went megamorphic and each
 * what-if's context got a map of its own, so the rules' optimised code was
 * thrown away ("wrong map") and recompiled on V8's helper threads by every
 * what-if (130-350 ms of CPU per large rule, competing with the what-if
 * itself on two cores).
 */
class DeriverContext implements RuleContext {
  readonly index: RuleContext['index'];
  readonly policy: RuleContext['policy'];
  readonly rbac: RuleContext['rbac'];
  readonly accounts: RuleContext['accounts'];
  readonly identities: RuleContext['identities'];
  readonly #scope: RuleContext['scope'];

  constructor(parts: ContextParts, scope: RuleContext['scope']) {
    this.index = parts.index;
    this.policy = parts.policy;
    this.rbac = parts.rbac;
    this.accounts = parts.accounts;
    this.identities = parts.identities;
    this.#scope = scope;
  }

  scope(
    key: string,
    label: string,
    members: () => Iterable<ScopeMember>,
  ): string | undefined {
    return this.#scope(key, label, members);
  }
}

/**
 * Runs anchors against one tracked rule context, keeping each anchor's reads
 * and outputs. The same code runs the full build and a what-if's anchors,
 * so both derive the same things from the same facts.
 */
export class Deriver {
  readonly ctx: RuleContext;
  readonly rules: readonly Rule[];
  readonly anchors = new Map<string, AnchorOut>();
  readonly #sink: DerivationSink;
  readonly #stack: AnchorOut[] = [];
  readonly #scopes = new Map<string, string | undefined>();
  /** Scopes already resolved elsewhere (a what-if's base), by key. */
  readonly #knownScope: (key: string) => { id: string | undefined } | undefined;
  readonly #exempt: ReadonlySet<string>;
  /** Nodes rules created (toNode) and not yet given their matchNode edges. */
  readonly created: NodeSpec[] = [];
  /** Whether nodes rules create are queued for matchNode (a what-if decides that itself). */
  collectCreated = true;

  constructor(
    parts: ContextParts,
    rules: readonly Rule[],
    sink: DerivationSink,
    knownScope: (key: string) => { id: string | undefined } | undefined = () =>
      undefined,
  ) {
    this.rules = rules;
    this.#sink = sink;
    this.#knownScope = knownScope;
    this.#exempt = new Set(parts.policy.podSecurity.exemptions.usernames);
    this.ctx = new DeriverContext(parts, (key, label, members) =>
      this.#scope(key, label, members),
    );
  }

  /** Runs `work` as (part of) anchor `key`: its reads and outputs are added to the anchor's. */
  run(key: string, work: () => void): AnchorOut {
    let out = this.anchors.get(key);
    if (out === undefined) {
      out = { key, reads: new Set(), ways: [], nodes: [] };
      this.anchors.set(key, out);
    }
    this.#stack.push(out);
    try {
      withReads(out.reads, work);
    } finally {
      this.#stack.pop();
    }
    return out;
  }

  addNode(spec: NodeSpec): boolean {
    this.#current().nodes.push(spec);
    return this.#sink.addNode(spec);
  }

  addEdge(way: WayOut): void {
    this.#current().ways.push(way);
    this.#sink.addEdge(way);
  }

  #current(): AnchorOut {
    const top = this.#stack[this.#stack.length - 1];
    if (top === undefined)
      throw new Error('engine: graph output outside any anchor');
    return top;
  }

  record(rule: Rule, edge: EdgeRecord): void {
    if (
      edge.toNode !== undefined &&
      this.addNode(edge.toNode) &&
      this.collectCreated
    )
      this.created.push(edge.toNode);
    this.addEdge({
      kind: rule.kind,
      from: edge.from,
      to: edge.to,
      confidence: edge.confidence,
      evidence: edge.evidence,
    });
  }

  emit(rule: Rule, edges: Iterable<EdgeRecord>): void {
    for (const edge of edges) this.record(rule, edge);
  }

  /**
   * A workload's anchor and read keys, made once: the full build runs each
   * workload rule on each workload (20 rules x 100k pods), and a fresh key
   * is a string made and hashed again.
   */
  readonly #workloadKeys = new WeakMap<
    WorkloadInfo,
    readonly [string, string]
  >();

  /** The `matchWorkload` rules of one workload, in kind order. */
  workload(workload: WorkloadInfo, only?: Rule): void {
    let keys = this.#workloadKeys.get(workload);
    if (keys === undefined) {
      keys = [`W|${workload.id}`, KEY.workload(workload.id)];
      this.#workloadKeys.set(workload, keys);
    }
    const [anchor, read] = keys;
    this.run(anchor, () => {
      track(read);
      for (const rule of only === undefined ? this.rules : [only]) {
        if (rule.matchWorkload !== undefined)
          this.emit(rule, rule.matchWorkload(this.ctx, workload));
      }
    });
  }

  /** The `matchObject` rules of one object, in kind order. */
  object(object: KubeObject, id: string, only?: Rule): void {
    this.run(`O|${id}`, () => {
      track(
        KEY.object(
          object.kind,
          object.metadata.namespace ?? '',
          object.metadata.name,
        ),
      );
      for (const rule of only === undefined ? this.rules : [only]) {
        if (
          rule.matchObject !== undefined &&
          (rule.objectKinds ?? []).some(kind => kind === object.kind)
        )
          this.emit(rule, rule.matchObject(this.ctx, object));
      }
    });
  }

  /** The `matchIdentity` rules of one identity, in kind order. */
  identity(identity: IdentitySubject, only?: Rule): void {
    this.run(`I|${identity.id}`, () => {
      for (const rule of only === undefined ? this.rules : [only]) {
        if (rule.matchIdentity !== undefined)
          this.emit(rule, rule.matchIdentity(this.ctx, identity));
      }
    });
  }

  /** One rule's `match`. */
  global(rule: Rule): void {
    const { match } = rule;
    if (match === undefined) return;
    this.run(`R|${rule.kind}`, () => {
      this.emit(rule, match(this.ctx));
    });
  }

  /** The `matchNode` rules of a node a rule created. */
  createdNode(node: NodeSpec): void {
    this.run(`N|${node.id}`, () => {
      for (const rule of this.rules) {
        if (rule.matchNode !== undefined)
          this.emit(rule, rule.matchNode(this.ctx, node));
      }
    });
  }

  /** Gives created nodes their matchNode edges, those created meanwhile too. */
  drainCreated(): void {
    for (let node = this.created.shift(); node; node = this.created.shift())
      this.createdNode(node);
  }

  /** One holder rule on one holder. */
  holderRule(rule: Rule, holder: Holder): void {
    const { matchHolder } = rule;
    if (matchHolder === undefined) return;
    this.run(`H|${rule.kind}|${holder.id}`, () => {
      track(KEY.holder(holder.id));
      for (const grant of holder.grants) {
        track(KEY.role(grant.role));
        track(KEY.binding(grant.binding));
      }
      this.emit(rule, matchHolder(this.ctx, holder));
    });
  }

  /**
   * The permission holder of an identity or RoleInScope node, the GRANTS
   * edge to it and the cluster-admin mark; `holderOf` makes (or finds) the
   * holder for a set of grants. Returns the holder, if any.
   */
  assign(
    id: string,
    attributes: { kind: string; name: string; namespace?: string },
    holderOf: (grants: readonly Grant[], user?: string) => Holder,
  ): Holder | undefined {
    const out = this.run(`G|${id}`, () => {
      if (attributes.kind === 'RoleInScope') {
        const grant = roleInScopeGrant(this.ctx.rbac, id);
        if (grant === undefined) return;
        this.#current().holder = holderOf([grant]);
        return;
      }
      const identity = identityOf(
        attributes.kind,
        attributes.name,
        attributes.namespace,
        this.ctx.policy,
      );
      if (identity === undefined) return;
      const grants = this.ctx.rbac.grantsFor(identity);
      if (grants.length === 0) return;
      const holder = holderOf(grants, identity.user);
      this.#current().holder = holder;
      if (holder.id !== id) {
        this.addEdge({
          kind: 'GRANTS',
          from: id,
          to: holder.id,
          confidence: 'high',
          evidence: { bindings: grants.map(g => g.binding) },
        });
      }
    });
    return out.holder;
  }

  /** A new holder for these grants (not registered anywhere). */
  makeHolder(grants: readonly Grant[], user?: string): Holder {
    const exempt = user !== undefined && this.#exempt.has(user);
    const id = holderId(grants, exempt ? user : undefined);
    return {
      id,
      grants,
      users: exempt ? [user] : [],
      clusterAdmin: holdsClusterAdmin(grants),
    };
  }

  /**
   * The node a holder stands on: a PermissionSet, or its RoleInScope (kept
   * as it is when another anchor made it). Every anchor that uses the
   * holder adds it, so it exists as long as one of them does.
   */
  addHolderNode(holder: Holder): void {
    const { id, grants } = holder;
    if (id.startsWith('PermissionSet:')) {
      this.addNode({
        id,
        kind: 'PermissionSet',
        name: `${String(grants.length)} grants`,
        props: {
          bindings: grants.map(g => g.binding),
          clusterAdmin: holder.clusterAdmin,
        },
      });
    } else {
      const only = grants[0];
      this.addNode({
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
  }

  #scope(
    key: string,
    label: string,
    members: () => Iterable<ScopeMember>,
  ): string | undefined {
    track(KEY.scope(key));
    if (this.#scopes.has(key)) return this.#scopes.get(key);
    const known = this.#knownScope(key);
    if (known !== undefined) {
      this.#scopes.set(key, known.id);
      return known.id;
    }
    let id: string | undefined;
    const out = this.run(`S|${key}`, () => {
      // A member known with less than full confidence (an inferred
      // ServiceAccount) keeps it on its INCLUDES edge, so paths through the
      // scope carry it.
      const confidence = new Map<string, Confidence>();
      for (const member of members()) {
        const [memberId, level] =
          typeof member === 'string'
            ? [member, 'high' as const]
            : [member.id, member.confidence];
        const seen = confidence.get(memberId);
        if (
          seen === undefined ||
          CONFIDENCE_ORDER.indexOf(level) > CONFIDENCE_ORDER.indexOf(seen)
        )
          confidence.set(memberId, level);
      }
      const list = [...confidence.keys()].sort();
      const only = list[0];
      if (
        list.length === 1 &&
        only !== undefined &&
        confidence.get(only) === 'high'
      )
        id = only;
      else if (list.length > 0) {
        id = scopeId(key);
        this.addNode({
          id,
          kind: 'Scope',
          name: label,
          props: { members: list.length },
        });
        for (const member of list)
          this.addEdge({
            kind: 'INCLUDES',
            from: id,
            to: member,
            confidence: confidence.get(member) ?? 'high',
            evidence: {},
          });
      }
    });
    out.resolved = id;
    out.resolvedSet = true;
    this.#scopes.set(key, id);
    return id;
  }
}
