/**
 * WEBHOOK_CONTROL (catalog 3.5): a mutating admission hook the holder
 * controls rewrites pods as they are admitted later: it can add a container
 * that mounts the pod's token, or change `serviceAccountName`. Controllers
 * re-create pods, so namespaces with controller-managed pods will admit
 * rewritten pods; Pod Security still validates the result afterwards.
 *
 * Precondition: `create mutatingwebhookconfigurations`, or `update`/`patch`
 * on an existing one in the input (names respected), with
 * `webhookEndpointReachable`; or, only when the MutatingAdmissionPolicy API
 * is enabled (section 8), `create` on `mutatingadmissionpolicies` and
 * `mutatingadmissionpolicybindings` (no endpoint needed). Cluster-scoped
 * requests (ClusterRoleBindings only). Targets: every ServiceAccount with
 * SAExists in a namespace holding a running controller-managed pod or a
 * stand-in; every Linux non-virtual node when such a namespace
 * AdmitsPrivileged for its controller's identity. Confidence medium; low
 * for the nodes when every such namespace AdmissionMayBlock.
 *
 * Reference: https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/
 */

import type { Confidence } from '@chokepoint/model';
import type { ControllerKind } from '../entities/owners.ts';
import { isGiven } from '../policy.ts';
import { mutatingAdmissionPolicyEnabled } from '../predicates/versions.ts';
import type { RuleContext } from '../rule-context.ts';
import { defineRule } from './define-rule.ts';
import { POD_CREATION_READS, readsOf } from './reads.ts';
import type { WayOf } from '@chokepoint/model';
import { rbacEvidence } from './evidence.ts';
import type { FactEvidence } from './evidence.ts';
import { controllerCreator } from './workload-utils/pod-creation.ts';
import {
  admissionFact,
  enforceFact,
} from './workload-utils/pod-security-facts.ts';
import { needs, permissionsFor } from './workload-utils/requirements.ts';
import type { Requirement } from './workload-utils/requirements.ts';
import {
  linuxNodeScope,
  serviceAccountScope,
} from './workload-utils/sa-targets.ts';
import { workloadTables } from './workload-utils/tables.ts';
import { memoPer } from '../provenance/track.ts';

const GROUP = 'admissionregistration.k8s.io';

interface WebhookTargets {
  readonly namespaces: readonly string[];
  readonly serviceAccounts?: string;
  readonly nodes?: {
    readonly id: string;
    readonly confidence: Confidence;
    readonly facts: readonly FactEvidence[];
  };
}

const memo = memoPer<WebhookTargets>();

function webhookTargets(ctx: RuleContext): WebhookTargets {
  return memo(ctx.index).get('', () => computeWebhookTargets(ctx));
}

// Per workload list, which a what-if's index shares while its fix keeps
// every pod: the controller kinds of running workloads, per namespace.
const controllerKinds = new WeakMap<
  RuleContext['index']['workloads'],
  ReadonlyMap<string, ReadonlySet<ControllerKind>>
>();

function controllerKindsOf(
  workloads: RuleContext['index']['workloads'],
): ReadonlyMap<string, ReadonlySet<ControllerKind>> {
  const known = controllerKinds.get(workloads);
  if (known !== undefined) return known;
  const kinds = new Map<string, Set<ControllerKind>>();
  for (const workload of workloads) {
    if (!workload.running || workload.controller === undefined) continue;
    let set = kinds.get(workload.namespace);
    if (set === undefined) kinds.set(workload.namespace, (set = new Set()));
    set.add(workload.controller.kind);
  }
  controllerKinds.set(workloads, kinds);
  return kinds;
}

function computeWebhookTargets(ctx: RuleContext): WebhookTargets {
  const tables = workloadTables(ctx);
  const kinds = controllerKindsOf(ctx.index.workloads);
  const namespaces = [...kinds.keys()].sort();
  const serviceAccounts = ctx.scope(
    'serviceaccounts:webhook@cluster',
    'ServiceAccounts of namespaces with controller-managed pods',
    function* () {
      for (const namespace of namespaces) {
        for (const inferred of [false, true]) {
          const id = serviceAccountScope(ctx, namespace, inferred);
          if (id !== undefined) yield id;
        }
      }
    },
  );
  let nodes: WebhookTargets['nodes'];
  for (const namespace of namespaces) {
    const admitted = [...(kinds.get(namespace) ?? [])].some(
      kind => tables.admits(namespace, controllerCreator(kind)).admits,
    );
    if (!admitted) continue;
    const block = tables.mayBlock(namespace);
    const confidence: Confidence = block.mayBlock ? 'low' : 'medium';
    if (
      nodes !== undefined &&
      (nodes.confidence === 'medium' || confidence === 'low')
    )
      continue;
    const id = linuxNodeScope(ctx);
    if (id === undefined) break;
    nodes = {
      id,
      confidence,
      facts: [
        enforceFact(namespace, tables.enforce(namespace), ctx.policy),
        admissionFact(namespace, block),
      ],
    };
  }
  const result: WebhookTargets = {
    namespaces,
    ...(serviceAccounts === undefined ? {} : { serviceAccounts }),
    ...(nodes === undefined ? {} : { nodes }),
  };
  return result;
}

export const webhookControl = defineRule({
  kind: 'WEBHOOK_CONTROL',
  reads: readsOf(POD_CREATION_READS, ['MutatingWebhookConfiguration']),
  *matchHolder(ctx, holder) {
    const reachable = ctx.policy.webhookEndpointReachable;
    const reachableFact: FactEvidence = {
      fact: 'webhookEndpointReachable',
      value: reachable,
      source: isGiven(ctx.policy, 'webhookEndpointReachable')
        ? 'given'
        : 'defaulted',
    };
    const ways: {
      requirement: Requirement;
      name?: string;
      reason: string;
      facts: FactEvidence[];
    }[] = [];
    if (reachable) {
      ways.push({
        requirement: needs({
          verb: 'create',
          apiGroup: GROUP,
          resource: 'mutatingwebhookconfigurations',
        }),
        reason:
          'The holder can create a MutatingWebhookConfiguration whose endpoint rewrites pods admitted later.',
        facts: [reachableFact],
      });
      for (const config of ctx.index.objects('MutatingWebhookConfiguration')) {
        for (const verb of ['patch', 'update']) {
          ways.push({
            requirement: needs({
              verb,
              apiGroup: GROUP,
              resource: 'mutatingwebhookconfigurations',
            }),
            name: config.metadata.name,
            reason: `The holder can ${verb} MutatingWebhookConfiguration ${config.metadata.name} and point it at an endpoint that rewrites pods admitted later.`,
            facts: [reachableFact],
          });
        }
      }
    }
    if (
      mutatingAdmissionPolicyEnabled(ctx.index.version, ctx.policy.featureGates)
    ) {
      ways.push({
        requirement: {
          all: [
            [
              {
                verb: 'create',
                apiGroup: GROUP,
                resource: 'mutatingadmissionpolicies',
              },
            ],
            [
              {
                verb: 'create',
                apiGroup: GROUP,
                resource: 'mutatingadmissionpolicybindings',
              },
            ],
          ],
        },
        reason:
          'The holder can create a MutatingAdmissionPolicy and its binding, which rewrite pods admitted later.',
        facts: [
          {
            fact: 'featureGates.MutatingAdmissionPolicy',
            value: true,
            source: 'given',
          },
        ],
      });
    }
    let evidence: WayOf<'WEBHOOK_CONTROL'> | undefined;
    for (const way of ways) {
      const permissions = permissionsFor(holder, way.requirement, '', way.name);
      if (permissions === undefined) continue;
      evidence = rbacEvidence(way.reason, permissions, { facts: way.facts });
      break;
    }
    if (evidence === undefined) return;
    const targets = webhookTargets(ctx);
    if (targets.serviceAccounts !== undefined) {
      yield {
        from: holder.id,
        to: targets.serviceAccounts,
        confidence: 'medium',
        evidence: { ...evidence, namespaces: targets.namespaces },
      };
    }
    if (targets.nodes !== undefined) {
      const facts = [...(evidence.facts ?? []), ...targets.nodes.facts];
      yield {
        from: holder.id,
        to: targets.nodes.id,
        confidence: targets.nodes.confidence,
        evidence: { ...evidence, facts },
      };
    }
  },
});
