import { describe, expect, it } from 'vitest';
import { ceUmhCorePattern } from '../../src/rules/ce-umh-core-pattern.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

const pod = (
  mount: string,
  path: string,
  securityContext = '{}',
): string => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: worker-1
  containers:
  - name: c
    image: ubuntu
    securityContext: ${securityContext}
    volumeMounts: [{ name: host, mountPath: /host${mount} }]
  volumes:
  - { name: host, hostPath: { path: ${path} } }`;

ruleTester(ceUmhCorePattern, {
  valid: [
    {
      name: 'SELinux-confined root container',
      policy: { nodeDefaults: { selinuxEnforcing: true } },
      manifests: pod('', '/proc/sys/kernel'),
    },
    {
      name: 'a recursively read-only / on a server that honours it',
      policy: { kubernetesVersion: 'v1.33.0' },
      manifests: pod(', readOnly: true, recursiveReadOnly: Enabled', '/'),
    },
    {
      name: 'below a UMH location is not covering it (/proc/sys/kernel/random)',
      manifests: pod('', '/proc/sys/kernel/random'),
    },
    {
      name: 'a non-root container',
      manifests: pod('', '/proc', '{ runAsUser: 1000 }'),
    },
  ],
  invalid: [
    {
      name: 'the fixture: writable kernel call-outs (high); read-only / through the /proc submount and uevent_helper (medium)',
      manifests: await fixture('CE_UMH_CORE_PATTERN'),
      edges: [
        [
          'Container:default/umh-ro-root-yes/crasher',
          'Node:worker-1',
          'medium',
        ],
        ['Container:default/umh-sibling/mounter-yes', 'Node:worker-1', 'high'],
        ['Container:default/umh-uevent-yes/crasher', 'Node:worker-1', 'medium'],
        ['Container:default/umh-yes/crasher', 'Node:worker-1', 'high'],
      ],
    },
    {
      name: 'recursiveReadOnly IfPossible on a node that cannot do it stays a plain read-only mount',
      policy: {
        kubernetesVersion: 'v1.33.0',
        nodeDefaults: { rroSupported: false },
      },
      manifests: pod(', readOnly: true, recursiveReadOnly: IfPossible', '/'),
      edges: [['Container:default/p/c', 'Node:worker-1', 'medium']],
    },
    {
      name: 'repeated slashes and dot segments are normalised: a writable /proc covers core_pattern',
      manifests: pod('', '//proc/./'),
      edges: [['Container:default/p/c', 'Node:worker-1', 'high']],
    },
  ],
});

describe('CE_UMH_CORE_PATTERN evidence', () => {
  it('names the best location, the mount fields and every way', async () => {
    expect(
      await evidenceOf(
        ceUmhCorePattern,
        { manifests: pod('', '/proc/sys/kernel') },
        'Container:default/p/c',
        'Node:worker-1',
      ),
    ).toEqual({
      reason:
        'A root container can write the kernel user-mode helper /proc/sys/kernel/core_pattern through a hostPath mount; the host kernel runs it as root.',
      object: 'Pod:default/p',
      fields: [
        'spec.containers[0].volumeMounts[0]',
        'spec.volumes[0].hostPath.path',
        'spec.containers[0].securityContext.runAsNonRoot',
      ],
      container: 'c',
      node: 'worker-1',
      root: 'no runAsUser and runAsNonRoot not true: image user assumed root',
      facts: [{ fact: 'selinuxEnforcing', value: false, source: 'defaulted' }],
      hostPaths: [
        {
          location: '/proc/sys/kernel/core_pattern',
          hostPath: '/proc/sys/kernel',
          mountPath: '/host',
          readOnly: false,
          confidence: 'high',
          reason:
            'hostPath /proc/sys/kernel at /host covers /proc/sys/kernel/core_pattern (read-write mount)',
        },
        {
          location: '/proc/sys/kernel/modprobe',
          hostPath: '/proc/sys/kernel',
          mountPath: '/host',
          readOnly: false,
          confidence: 'high',
          reason:
            'hostPath /proc/sys/kernel at /host covers /proc/sys/kernel/modprobe (read-write mount)',
        },
      ],
    });
  });
});
