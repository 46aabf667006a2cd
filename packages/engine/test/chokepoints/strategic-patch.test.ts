import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@chokepoint/model';
import { mergePatch } from '../../src/index.ts';
import { fixForField } from '../../src/chokepoints/field-fix.ts';
import { clusterIpPatch } from '../../src/chokepoints/service-fix.ts';
import { strategicPatch } from '../../src/chokepoints/strategic-patch.ts';

// As a snapshot file keeps it: no command, env or probes (docs/snapshot.md).
const daemonSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'ops' },
  spec: {
    template: {
      spec: {
        containers: [
          {
            name: 'agent',
            image: 'agent:1',
            securityContext: { privileged: true },
            ports: [{ containerPort: 9100, hostPort: 9100 }],
            volumeMounts: [
              { name: 'root', mountPath: '/host' },
              { name: 'conf', mountPath: '/etc/agent' },
            ],
          },
          { name: 'sidecar', image: 'sidecar:1' },
        ],
        volumes: [
          { name: 'root', hostPath: { path: '/' } },
          { name: 'conf', configMap: { name: 'agent' } },
        ],
      },
    },
  },
};

function smpOf(object: KubeObject, field: string) {
  const fix = fixForField(object, field);
  if (fix === undefined) throw new Error(`no fix for ${field}`);
  return strategicPatch(
    object.kind,
    object,
    mergePatch(object, fix.patch) as KubeObject,
  );
}

describe('strategic merge patch of a fix: only what changes, list elements by key', () => {
  it('a privileged container: that container by name, nothing else of the list', () => {
    expect(
      smpOf(
        daemonSet,
        'spec.template.spec.containers[0].securityContext.privileged',
      ),
    ).toEqual({
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'agent', securityContext: { privileged: false } },
            ],
          },
        },
      },
    });
  });

  it('a hostPath volume: deletes the volume by name and its mount by mountPath', () => {
    expect(
      smpOf(daemonSet, 'spec.template.spec.volumes[0].hostPath.path'),
    ).toEqual({
      spec: {
        template: {
          spec: {
            volumes: [{ name: 'root', $patch: 'delete' }],
            containers: [
              {
                name: 'agent',
                volumeMounts: [{ mountPath: '/host', $patch: 'delete' }],
              },
            ],
          },
        },
      },
    });
  });

  it('a hostPort: nulls it on the port addressed by containerPort', () => {
    expect(
      smpOf(daemonSet, 'spec.template.spec.containers[0].ports[0].hostPort'),
    ).toEqual({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'agent',
                ports: [{ containerPort: 9100, hostPort: null }],
              },
            ],
          },
        },
      },
    });
  });

  it('a Service made ClusterIP: its ports addressed by port, dropped fields nulled', () => {
    const service: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        type: 'NodePort',
        externalTrafficPolicy: 'Local',
        ports: [
          { name: 'http', port: 80, nodePort: 30080 },
          { name: 'metrics', port: 9090 },
        ],
      },
    };
    const after = mergePatch(service, clusterIpPatch(service)) as KubeObject;
    expect(strategicPatch('Service', service, after)).toEqual({
      spec: {
        type: 'ClusterIP',
        externalTrafficPolicy: null,
        ports: [{ port: 80, nodePort: null }],
      },
    });
  });

  it('an atomic list (a role’s rules) is carried whole, as the API replaces it', () => {
    const role: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'r' },
      rules: [
        { apiGroups: [''], resources: ['secrets', 'pods'], verbs: ['get'] },
      ],
    };
    const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }];
    expect(strategicPatch('ClusterRole', role, { ...role, rules })).toEqual({
      rules,
    });
  });

  it('a keyed list whose elements share a key is replaced whole, with the directive', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'd' },
      spec: {
        containers: [
          {
            name: 'c',
            ports: [
              { containerPort: 53, protocol: 'TCP', hostPort: 53 },
              { containerPort: 53, protocol: 'UDP' },
            ],
          },
        ],
      },
    };
    const ports = [
      { containerPort: 53, protocol: 'TCP' },
      { containerPort: 53, protocol: 'UDP' },
    ];
    const after = mergePatch(pod, {
      spec: { containers: [{ name: 'c', ports }] },
    }) as KubeObject;
    expect(strategicPatch('Pod', pod, after)).toEqual({
      spec: {
        containers: [{ name: 'c', ports: [...ports, { $patch: 'replace' }] }],
      },
    });
  });

  it('an unchanged object gives an empty patch', () => {
    expect(strategicPatch('DaemonSet', daemonSet, daemonSet)).toEqual({});
  });
});
