/**
 * CLOUD_IDENTITY_ASSUME (catalog 3.6): a Kubernetes ServiceAccount
 * federated with a cloud identity (IRSA, Azure Workload Identity, GKE
 * Workload Identity) lets whoever holds a token with the cloud audience, or
 * runs in a pod of that ServiceAccount, act as the cloud identity.
 *
 * Container → CloudIdentity: the pod's ServiceAccount names a cloud identity
 * and `c` can use it. IRSA (`eks.amazonaws.com/role-arn`): `c` mounts the
 * injected projected token with audience `sts.amazonaws.com` (or has
 * `AWS_WEB_IDENTITY_TOKEN_FILE`). Azure (`azure.workload.identity/client-id`):
 * pod label `azure.workload.identity/use: "true"` and the injected token with
 * audience `api://AzureADTokenExchange`. GKE (`iam.gke.io/gcp-service-account`):
 * the pod is not `hostNetwork` (the GKE metadata server answers it). Manifest
 * input where the injection has not happened yet, and stand-ins: the
 * annotation and label alone. Confidence high; medium from manifests.
 *
 * holder → CloudIdentity: the holder has TOKEN_REQUEST (`create
 * serviceaccounts/token` on s) or POD_CREATE_WITH_SA on an annotated
 * ServiceAccount s: it mints a token with the cloud audience or runs a pod
 * that receives one. Confidence medium. A token with the API server's
 * audience cannot be exchanged: there is no ServiceAccount → CloudIdentity
 * edge.
 *
 * Reference: https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
 */

import { objectId } from '@chokepoint/model';
import type { Confidence, KubeObject } from '@chokepoint/model';
import { asArray, asRecord, asString } from '../predicates/json.ts';
import type { RuleContext } from '../rule-context.ts';
import type { ContainerInfo, WorkloadInfo } from '../snapshot-index.ts';
import { defineRule } from './define-rule.ts';
import { POD_CREATION_READS, readsOf } from './reads.ts';
import type { RecordOf, NodeSpec } from './define-rule.ts';
import { rbacEvidence, specEvidence } from './evidence.ts';
import { podCreation } from './workload-utils/pod-creation.ts';
import { needs, permissionsFor } from './workload-utils/requirements.ts';
import { memoPer } from '../provenance/track.ts';

type Cloud = 'aws' | 'azure' | 'gcp';

interface Federation {
  readonly cloud: Cloud;
  readonly annotation: string;
  readonly identity: string;
  readonly node: NodeSpec;
}

const ANNOTATIONS: readonly (readonly [Cloud, string])[] = [
  ['aws', 'eks.amazonaws.com/role-arn'],
  ['azure', 'azure.workload.identity/client-id'],
  ['gcp', 'iam.gke.io/gcp-service-account'],
];

const AUDIENCE: Readonly<Record<Cloud, string | undefined>> = {
  aws: 'sts.amazonaws.com',
  azure: 'api://AzureADTokenExchange',
  gcp: undefined,
};

const TOKEN_ENV: Readonly<Record<Cloud, string | undefined>> = {
  aws: 'AWS_WEB_IDENTITY_TOKEN_FILE',
  azure: 'AZURE_FEDERATED_TOKEN_FILE',
  gcp: undefined,
};

export function federationsOf(
  serviceAccount: KubeObject | undefined,
): readonly Federation[] {
  const out: Federation[] = [];
  for (const [cloud, annotation] of ANNOTATIONS) {
    const identity = asString(
      serviceAccount?.metadata.annotations?.[annotation],
    )?.trim();
    if (identity === undefined || identity === '') continue;
    const id = `CloudIdentity:${cloud}:${identity}`;
    out.push({
      cloud,
      annotation,
      identity,
      node: { id, kind: 'CloudIdentity', name: identity, props: { cloud } },
    });
  }
  return out;
}

/** Field paths in `c` that hold the injected cloud token, if any. */
function injectedToken(container: ContainerInfo, cloud: Cloud): string[] {
  const fields: string[] = [];
  const env = TOKEN_ENV[cloud];
  const raw = container.view.spec.raw;
  const list =
    container.view.kind === 'container'
      ? 'containers'
      : container.view.kind === 'ephemeral'
        ? 'ephemeralContainers'
        : 'initContainers';
  if (env !== undefined) {
    asArray(raw.env).forEach((item, i) => {
      if (asString(asRecord(item)?.name) === env)
        fields.push(`spec.${list}[${container.name}].env[${i}]`);
    });
  }
  const audience = AUDIENCE[cloud];
  if (audience !== undefined) {
    const volumes = new Map(
      container.workload.spec.volumes.map(v => [v.name, v]),
    );
    for (const mount of container.view.spec.volumeMounts) {
      const volume = volumes.get(mount.name);
      if (
        volume?.projectedSources.some(
          s => s.serviceAccountToken?.audience === audience,
        ) === true
      ) {
        fields.push(`spec.volumes[${volume.name}].projected`);
      }
    }
  }
  return fields;
}

function* containerEdges(
  ctx: RuleContext,
  workload: WorkloadInfo,
): Iterable<RecordOf<'CLOUD_IDENTITY_ASSUME'>> {
  for (const container of workload.containers) {
    if (!container.running) continue;
    const serviceAccount = ctx.index.get(
      'ServiceAccount',
      workload.namespace,
      workload.serviceAccount,
    );
    const federations = federationsOf(serviceAccount);
    if (federations.length === 0) continue;
    const base = workload.kind === 'PodTemplate' ? 'spec.template' : '';
    // Stand-ins and manifest input: the injecting webhook has not run yet.
    const notYetAdmitted = workload.kind === 'PodTemplate' || !ctx.index.live;
    const saField = `ServiceAccount:${workload.namespace}/${workload.serviceAccount}`;
    for (const federation of federations) {
      let confidence: Confidence | undefined;
      let fields: string[] = [];
      if (federation.cloud === 'gcp') {
        if (workload.spec.hostNetwork) continue;
        confidence = notYetAdmitted ? 'medium' : 'high';
        fields = [`${base === '' ? '' : `${base}.`}spec.serviceAccountName`];
      } else {
        if (
          federation.cloud === 'azure' &&
          workload.labels['azure.workload.identity/use'] !== 'true'
        )
          continue;
        fields = injectedToken(container, federation.cloud);
        if (fields.length > 0) confidence = 'high';
        else if (notYetAdmitted && container.view.kind !== 'ephemeral')
          confidence = 'medium';
        if (federation.cloud === 'azure')
          fields.push('metadata.labels[azure.workload.identity/use]');
      }
      if (confidence === undefined) continue;
      yield {
        from: container.id,
        to: federation.node.id,
        confidence,
        toNode: federation.node,
        evidence: specEvidence(
          `The pod's ServiceAccount ${workload.namespace}/${workload.serviceAccount} is federated with ${federation.cloud} identity ${federation.identity}, which the container can use.`,
          workload.kind === 'Pod'
            ? workload.id
            : objectId(
                workload.object.kind,
                workload.object.metadata.name,
                workload.namespace,
              ),
          fields,
          { serviceAccount: saField, annotation: federation.annotation },
        ),
      };
    }
  }
}

const annotatedMemo = memoPer<readonly KubeObject[]>();

function annotatedServiceAccounts(ctx: RuleContext): readonly KubeObject[] {
  return annotatedMemo(ctx.index).get('', () =>
    ctx.index
      .objects('ServiceAccount')
      .filter(sa => federationsOf(sa).length > 0),
  );
}

export const cloudIdentityAssume = defineRule({
  kind: 'CLOUD_IDENTITY_ASSUME',
  reads: readsOf(POD_CREATION_READS),
  matchWorkload: containerEdges,
  *matchHolder(ctx, holder) {
    const annotated = annotatedServiceAccounts(ctx);
    if (annotated.length === 0) return;
    const creation = podCreation(ctx, holder);
    const tokenRequest = needs({
      verb: 'create',
      apiGroup: '',
      resource: 'serviceaccounts',
      subresource: 'token',
    });
    for (const sa of annotated) {
      const namespace = sa.metadata.namespace ?? 'default';
      const name = sa.metadata.name;
      const token = permissionsFor(holder, tokenRequest, namespace, name);
      const way = creation.ways(namespace)[0];
      const evidence =
        token !== undefined
          ? rbacEvidence(
              `The holder can request a token for ServiceAccount ${namespace}/${name} with the cloud audience.`,
              token,
              { via: 'TOKEN_REQUEST' },
            )
          : way !== undefined
            ? rbacEvidence(
                `${way.reason} A pod running as ServiceAccount ${namespace}/${name} receives its cloud token.`,
                way.permissions,
                { via: 'POD_CREATE_WITH_SA' },
              )
            : undefined;
      if (evidence === undefined) continue;
      for (const federation of federationsOf(sa)) {
        yield {
          from: holder.id,
          to: federation.node.id,
          confidence: 'medium',
          toNode: federation.node,
          evidence: {
            ...evidence,
            serviceAccount: objectId('ServiceAccount', name, namespace),
            annotation: federation.annotation,
          },
        };
      }
    }
  },
});
