// A component's own Secret kept in a namespace of its own (kinds/secret-namespace.ts),
// on cert-manager's real install manifest: when the fix is offered and when not.
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '@chokepoint/model';
import { buildGraph } from '../../src/index.ts';
import {
  ownSecretNamespaceFix,
  resolvedFlag,
} from '../../src/chokepoints/kinds/secret-namespace.ts';
import {
  readComponent,
  realComponent,
  withDeploymentArgs,
} from '../../../../test/support/real-manifests.ts';

const NAME = 'cert-manager-webhook:dynamic-serving';

function fixOf(snapshot: Snapshot) {
  const { index } = buildGraph(snapshot);
  const binding = index.get('RoleBinding', 'cert-manager', NAME);
  const role = index.get('Role', 'cert-manager', NAME);
  expect(binding && role).toBeDefined();
  return binding && role
    ? ownSecretNamespaceFix(index, binding, role)
    : undefined;
}

describe('the webhook CA Secret moved to a namespace of its own', () => {
  it('reads a flag as the container sees it: $(VAR) from the pod’s namespace, anything else unknown', () => {
    const container = {
      args: ['--a=$(POD_NAMESPACE)', '--b=$(OTHER)', '--c', 'plain'],
      env: [
        {
          name: 'POD_NAMESPACE',
          valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
        },
        { name: 'OTHER', value: 'x' },
      ],
    };
    expect(resolvedFlag(container, '--a', 'cert-manager')).toBe('cert-manager');
    expect(resolvedFlag(container, '--b', 'cert-manager')).toBeUndefined();
    expect(resolvedFlag(container, '--c', 'cert-manager')).toBe('plain');
    expect(resolvedFlag(container, '--d', 'cert-manager')).toBeUndefined();
  });

  it('is offered on cert-manager’s manifest (no pods there to replace: the template’s stand-in shows the rollout)', async () => {
    const fix = fixOf(await readComponent(realComponent('cert-manager')));
    expect(fix?.id).toBe(
      `delete:RoleBinding:cert-manager/${NAME}#secret-in-namespace-cert-manager-webhook-ca`,
    );
    expect(fix?.replaces).toBeUndefined();
    expect(fix?.also?.map(p => p.target)).toContain(
      'Deployment:cert-manager/cert-manager-webhook',
    );
  });

  it('is not offered when the Secret already lives elsewhere, or the namespace’s name is taken', async () => {
    const snapshot = await readComponent(realComponent('cert-manager'));
    const elsewhere = withDeploymentArgs(
      snapshot,
      'cert-manager-webhook',
      args =>
        args.map(a =>
          a.startsWith('--dynamic-serving-ca-secret-namespace=')
            ? '--dynamic-serving-ca-secret-namespace=webhook-ca'
            : a,
        ),
    );
    expect(fixOf(elsewhere)).toBeUndefined();
    const taken: Snapshot = {
      ...snapshot,
      objects: {
        ...snapshot.objects,
        Namespace: [
          ...(snapshot.objects.Namespace ?? []),
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'cert-manager-webhook-ca' },
          },
        ],
      },
    };
    expect(fixOf(taken)).toBeUndefined();
  });
});
