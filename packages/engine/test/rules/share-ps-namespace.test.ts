import { describe, expect, it } from 'vitest';
import { sharePsNamespace } from '../../src/rules/share-ps-namespace.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

const pod = (containers: string): string => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  shareProcessNamespace: true
  containers:
${containers}`;

ruleTester(sharePsNamespace, {
  valid: [
    {
      name: 'different UIDs and no SYS_PTRACE',
      manifests:
        pod(`  - { name: a, image: app, securityContext: { runAsUser: 1000 } }
  - { name: b, image: app, securityContext: { runAsUser: 2000 } }`),
    },
    {
      name: 'a container that never starts reads nothing and is read by nobody',
      manifests:
        pod(`  - { name: a, image: app, securityContext: { runAsUser: 0, runAsNonRoot: true } }
  - { name: b, image: app, securityContext: { runAsUser: 1000, runAsNonRoot: true } }`),
    },
    {
      name: 'a container that never starts does not read a root sibling of the same UID',
      manifests:
        pod(`  - { name: a, image: app, securityContext: { runAsUser: 0, runAsNonRoot: true } }
  - { name: b, image: app, securityContext: { runAsUser: 0 } }`),
    },
    {
      name: 'a pod on a Windows node shares no process namespace',
      bare: true,
      manifests: `apiVersion: v1
kind: Node
metadata: { name: win-1, labels: { kubernetes.io/os: windows } }
---
${pod(`  - { name: a, image: app }
  - { name: b, image: app }`).replace('worker-1', 'win-1')}`,
    },
    {
      name: 'a Windows pod (spec.os) shares no process namespace',
      manifests: pod(`  - { name: a, image: app }
  - { name: b, image: app }
  os: { name: windows }`),
    },
  ],
  invalid: [
    {
      name: 'a pod not scheduled yet is read on a default Linux node',
      manifests: pod(`  - { name: a, image: app }
  - { name: b, image: app }`).replace('  nodeName: worker-1\n', ''),
      edges: [
        ['Container:default/p/a', 'Container:default/p/b', 'medium'],
        ['Container:default/p/b', 'Container:default/p/a', 'medium'],
      ],
    },
    {
      name: 'the fixture: identical containers both ways, SYS_PTRACE one way, capability superset one way, sidecars count',
      manifests: await fixture('SHARE_PS_NAMESPACE'),
      edges: [
        [
          'Container:default/shared-caps/admin',
          'Container:default/shared-caps/plain',
          'medium',
        ],
        [
          'Container:default/shared-ptrace/tracer',
          'Container:default/shared-ptrace/app',
          'medium',
        ],
        [
          'Container:default/shared-sidecar/app',
          'Container:default/shared-sidecar/proxy',
          'medium',
        ],
        [
          'Container:default/shared-sidecar/proxy',
          'Container:default/shared-sidecar/app',
          'medium',
        ],
        [
          'Container:default/shared-yes/a',
          'Container:default/shared-yes/b',
          'medium',
        ],
        [
          'Container:default/shared-yes/b',
          'Container:default/shared-yes/a',
          'medium',
        ],
      ],
    },
    {
      name: 'runtime default AppArmor may not read an unconfined sibling; the unconfined one reads it',
      policy: { nodeDefaults: { appArmor: true } },
      manifests: pod(`  - { name: confined, image: app }
  - { name: loose, image: app, securityContext: { appArmorProfile: { type: Unconfined } } }`),
      edges: [
        ['Container:default/p/loose', 'Container:default/p/confined', 'medium'],
      ],
    },
    {
      name: 'an unset UID is the image user: equal to runAsUser 0, not to 1000',
      manifests: pod(`  - { name: img, image: app }
  - { name: zero, image: app, securityContext: { runAsUser: 0 } }
  - { name: user, image: app, securityContext: { runAsUser: 1000 } }`),
      edges: [
        ['Container:default/p/img', 'Container:default/p/zero'],
        ['Container:default/p/zero', 'Container:default/p/img'],
      ],
    },
  ],
});

describe('SHARE_PS_NAMESPACE evidence', () => {
  const evidence = (via: string) => ({
    reason: `The containers share the pod's process namespace and the first may read the second's processes (${via}).`,
    object: 'Pod:default/p',
    fields: ['spec.shareProcessNamespace'],
    via,
  });

  it('says how the first container reads the second: SYS_PTRACE, or the same UID with more capabilities', async () => {
    const manifests =
      pod(`  - { name: tracer, image: app, securityContext: { runAsUser: 0, capabilities: { add: [SYS_PTRACE] } } }
  - { name: app, image: app, securityContext: { runAsUser: 2000 } }
  - { name: admin, image: app, securityContext: { runAsUser: 2000, capabilities: { add: [NET_ADMIN] } } }`);
    expect(
      await evidenceOf(
        sharePsNamespace,
        { manifests },
        'Container:default/p/tracer',
        'Container:default/p/app',
      ),
    ).toEqual(evidence('SYS_PTRACE'));
    expect(
      await evidenceOf(
        sharePsNamespace,
        { manifests },
        'Container:default/p/admin',
        'Container:default/p/app',
      ),
    ).toEqual(evidence('same UID and a superset of its capabilities'));
  });
});
