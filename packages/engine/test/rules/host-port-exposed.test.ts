import { describe, expect, it } from 'vitest';
import { hostPortExposed } from '../../src/rules/host-port-exposed.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

const HOSTPORT_ON_WORKER = `apiVersion: v1
kind: Pod
metadata: { name: hp, namespace: default }
spec:
  nodeName: worker-1
  containers: [{ name: c, image: nginx, ports: [{ containerPort: 80, hostPort: 80 }] }]`;

ruleTester(hostPortExposed, {
  valid: [
    {
      name: 'a hostPort on a node without a public address (default exposure.hostPorts)',
      manifests: HOSTPORT_ON_WORKER,
    },
    {
      name: 'exposure.hostPorts none disables the edge even on public nodes',
      manifests: await fixture('HOST_PORT_EXPOSED'),
      policy: { exposure: { hostPorts: 'none' } },
    },
    {
      name: 'an exited init container binds nothing any more',
      manifests: `apiVersion: v1
kind: Node
metadata: { name: edge-1, labels: { kubernetes.io/os: linux } }
status:
  addresses: [{ type: ExternalIP, address: 203.0.113.50 }]
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  nodeName: edge-1
  initContainers: [{ name: init, image: busybox, ports: [{ containerPort: 80, hostPort: 80 }] }]
  containers: [{ name: c, image: nginx }]`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: hostPort and hostNetwork ports on a public node',
      manifests: await fixture('HOST_PORT_EXPOSED'),
      edges: [
        ['Internet', 'Container:default/hostnetwork-yes/agent', 'medium'],
        ['Internet', 'Container:default/hostport-yes/proxy', 'medium'],
      ],
    },
    {
      name: 'exposure.hostPorts all drops the public-address condition',
      manifests: HOSTPORT_ON_WORKER,
      policy: { exposure: { hostPorts: 'all' } },
      edges: [['Internet', 'Container:default/hp/c', 'medium']],
    },
    {
      name: 'the policy states the node public',
      manifests: HOSTPORT_ON_WORKER,
      policy: { nodes: { 'worker-1': { publicIP: true } } },
      edges: [['Internet', 'Container:default/hp/c', 'medium']],
    },
    {
      name: 'a stand-in with a hostPort on a public candidate node',
      manifests: `apiVersion: v1
kind: Node
metadata: { name: edge-1, labels: { kubernetes.io/os: linux } }
status:
  addresses: [{ type: ExternalIP, address: 203.0.113.50 }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ingress, namespace: default }
spec:
  selector: { matchLabels: { app: ingress } }
  template:
    metadata: { labels: { app: ingress } }
    spec:
      containers: [{ name: nginx, image: nginx, ports: [{ containerPort: 80, hostPort: 80 }] }]`,
      edges: [
        [
          'Internet',
          'Container:default/DaemonSet/ingress@edge-1/nginx',
          'medium',
        ],
      ],
    },
  ],
});

describe('HOST_PORT_EXPOSED evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('HOST_PORT_EXPOSED');
    expect(
      await evidenceOf(
        hostPortExposed,
        { manifests },
        'Internet',
        'Container:default/hostnetwork-yes/agent',
      ),
    ).toEqual({
      reason:
        'The container listens on port 9100 of a node with a public address.',
      object: 'Pod:default/hostnetwork-yes',
      fields: ['spec.containers[0].ports[0].containerPort', 'spec.hostNetwork'],
      ports: [9100],
      facts: [
        {
          fact: 'exposure.hostPorts',
          value: 'externalIP',
          source: 'defaulted',
        },
        { fact: 'Node:edge-1.publicIP', value: true, source: 'derived' },
      ],
    });
    expect(
      await evidenceOf(
        hostPortExposed,
        { manifests },
        'Internet',
        'Container:default/hostport-yes/proxy',
      ),
    ).toEqual({
      reason:
        'The container listens on port 443 of a node with a public address.',
      object: 'Pod:default/hostport-yes',
      fields: ['spec.containers[0].ports[0].hostPort'],
      ports: [443],
      facts: [
        {
          fact: 'exposure.hostPorts',
          value: 'externalIP',
          source: 'defaulted',
        },
        { fact: 'Node:edge-1.publicIP', value: true, source: 'derived' },
      ],
    });
  });
});
