import { describe, expect, it } from 'vitest';
import { exposes } from '../../src/rules/exposes.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

const POLICY = {
  exposure: {
    internalIngressClasses: ['internal-nginx'],
    internalGatewayClasses: ['internal-gw'],
  },
};

const PUBLIC_NODE = `apiVersion: v1
kind: Node
metadata: { name: edge-1, labels: { kubernetes.io/os: linux } }
status:
  addresses:
  - { type: InternalIP, address: 10.0.0.4 }
  - { type: ExternalIP, address: 203.0.113.44 }
---
`;

const NODEPORT = `apiVersion: v1
kind: Service
metadata: { name: np, namespace: default }
spec:
  type: NodePort
  ports: [{ port: 80 }]`;

ruleTester(exposes, {
  valid: [
    {
      name: 'a ClusterIP Service is not an Internet entry point',
      manifests: `apiVersion: v1
kind: Service
metadata: { name: internal, namespace: default }
spec:
  ports: [{ port: 80 }]`,
    },
    {
      name: 'NodePort exposure switched off by the policy',
      policy: { exposure: { nodePorts: false } },
      manifests: NODEPORT,
    },
    {
      name: 'a headless Service with externalIPs is ignored by kube-proxy',
      manifests: `apiVersion: v1
kind: Service
metadata: { name: headless, namespace: default }
spec:
  clusterIP: None
  externalIPs: [198.51.100.9]
  ports: [{ port: 80 }]`,
    },
    {
      name: 'an ExternalName Service forwards nowhere in the cluster',
      manifests: `apiVersion: v1
kind: Service
metadata: { name: alias, namespace: default }
spec:
  type: ExternalName
  externalName: db.example.com
  externalIPs: [198.51.100.9]`,
    },
    {
      name: 'an internal LoadBalancer (annotation value in any case)',
      manifests: `apiVersion: v1
kind: Service
metadata:
  name: lb
  namespace: default
  annotations: { service.beta.kubernetes.io/aws-load-balancer-scheme: Internal }
spec:
  type: LoadBalancer
  ports: [{ port: 80 }]`,
    },
    {
      name: 'source ranges given by the annotation, all private',
      manifests: `apiVersion: v1
kind: Service
metadata:
  name: lb
  namespace: default
  annotations: { service.beta.kubernetes.io/load-balancer-source-ranges: '10.0.0.0/8, 172.16.0.0/12' }
spec:
  type: LoadBalancer
  ports: [{ port: 80 }]`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: public load balancers, node ports, external IPs, Ingresses and Gateways',
      manifests: await fixture('EXPOSES'),
      policy: POLICY,
      edges: [
        ['Internet', 'Gateway:default/gateway-private-address-yes', 'medium'],
        ['Internet', 'Gateway:default/gateway-public-yes', 'high'],
        ['Internet', 'Ingress:default/ingress-class-installed-yes', 'high'],
        ['Internet', 'Ingress:default/ingress-published-yes', 'high'],
        ['Internet', 'Ingress:default/ingress-unconfirmed-yes', 'medium'],
        ['Internet', 'Service:default/external-ip-private-yes', 'medium'],
        ['Internet', 'Service:default/external-ip-public-yes', 'high'],
        ['Internet', 'Service:default/lb-public-range-yes', 'high'],
        ['Internet', 'Service:default/lb-yes', 'high'],
        ['Internet', 'Service:default/nodeport-yes', 'medium'],
      ],
    },
    {
      name: 'without the policy, the internal classes are Internet-facing',
      manifests: await fixture('EXPOSES'),
      edges: [
        ['Internet', 'Gateway:default/gateway-internal-no', 'high'],
        ['Internet', 'Gateway:default/gateway-private-address-yes', 'medium'],
        ['Internet', 'Gateway:default/gateway-public-yes', 'high'],
        ['Internet', 'Ingress:default/ingress-class-installed-yes', 'high'],
        ['Internet', 'Ingress:default/ingress-internal-no', 'high'],
        ['Internet', 'Ingress:default/ingress-published-yes', 'high'],
        ['Internet', 'Ingress:default/ingress-unconfirmed-yes', 'medium'],
        ['Internet', 'Service:default/external-ip-private-yes', 'medium'],
        ['Internet', 'Service:default/external-ip-public-yes', 'high'],
        ['Internet', 'Service:default/lb-public-range-yes', 'high'],
        ['Internet', 'Service:default/lb-yes', 'high'],
        ['Internet', 'Service:default/nodeport-yes', 'medium'],
      ],
    },
    {
      name: 'NodePort is high when a Linux node has a public address',
      manifests: PUBLIC_NODE + NODEPORT,
      edges: [['Internet', 'Service:default/np', 'high']],
    },
    {
      name: 'NodePort is high when the policy states a public node IP',
      manifests: NODEPORT,
      policy: { nodes: { 'worker-1': { publicIP: true } } },
      edges: [['Internet', 'Service:default/np', 'high']],
    },
    {
      name: 'a Windows node with a public address does not confirm a NodePort',
      bare: true,
      manifests: `apiVersion: v1
kind: Node
metadata: { name: win-1, labels: { kubernetes.io/os: windows } }
status:
  addresses: [{ type: ExternalIP, address: 203.0.113.45 }]
---
${NODEPORT}`,
      edges: [['Internet', 'Service:default/np', 'medium']],
    },
    {
      name: 'a LoadBalancer with a public range given by the annotation',
      manifests: `apiVersion: v1
kind: Service
metadata:
  name: lb
  namespace: default
  annotations: { service.beta.kubernetes.io/load-balancer-source-ranges: '10.0.0.0/8,0.0.0.0/0' }
spec:
  type: LoadBalancer
  ports: [{ port: 80 }]`,
      edges: [['Internet', 'Service:default/lb', 'high']],
    },
    {
      name: 'an internal LoadBalancer still exposed through a public external IP',
      manifests: `apiVersion: v1
kind: Service
metadata:
  name: lb
  namespace: default
  annotations: { service.beta.kubernetes.io/azure-load-balancer-internal: 'true' }
spec:
  type: LoadBalancer
  externalIPs: [198.51.100.9]
  ports: [{ port: 80 }]`,
      edges: [['Internet', 'Service:default/lb', 'high']],
    },
    {
      name: 'an Ingress without class is served by the default IngressClass',
      manifests: `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: { ingressclass.kubernetes.io/is-default-class: 'true' }
spec: { controller: k8s.io/ingress-nginx }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: default }
spec:
  rules:
  - http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }`,
      edges: [['Internet', 'Ingress:default/web', 'high']],
    },
    {
      name: 'the default IngressClass is internal: only a named class can escape it',
      policy: { exposure: { internalIngressClasses: ['nginx'] } },
      manifests: `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: { ingressclass.kubernetes.io/is-default-class: 'true' }
spec: { controller: k8s.io/ingress-nginx }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: default-class-no, namespace: default }
spec:
  defaultBackend: { service: { name: web, port: { number: 80 } } }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: public-yes, namespace: default }
spec:
  ingressClassName: alb
  defaultBackend: { service: { name: web, port: { number: 80 } } }`,
      edges: [['Internet', 'Ingress:default/public-yes', 'medium']],
    },
    {
      name: 'a Gateway published under a public hostname',
      manifests: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: default }
spec:
  gatewayClassName: aws-alb
  listeners: [{ name: https, protocol: HTTPS, port: 443 }]
status:
  addresses: [{ type: Hostname, value: k8s-default-gw-1234.eu-west-1.elb.amazonaws.com }]`,
      edges: [['Internet', 'Gateway:default/gw', 'high']],
    },
  ],
});

describe('EXPOSES evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('EXPOSES');
    expect(
      await evidenceOf(
        exposes,
        { manifests },
        'Internet',
        'Service:default/external-ip-private-yes',
      ),
    ).toEqual({
      reason:
        'kube-proxy forwards traffic for an external IP to this Service; the address is private, so Internet reach is assumed.',
      object: 'Service:default/external-ip-private-yes',
      fields: ['spec.externalIPs'],
      way: 'externalIPs',
      externalIPs: ['10.1.2.3'],
    });
    expect(
      await evidenceOf(
        exposes,
        { manifests },
        'Internet',
        'Service:default/external-ip-public-yes',
      ),
    ).toEqual({
      reason:
        'kube-proxy forwards traffic for a public external IP to this Service.',
      object: 'Service:default/external-ip-public-yes',
      fields: ['spec.externalIPs'],
      way: 'externalIPs',
      externalIPs: ['198.51.100.7'],
    });
    expect(
      await evidenceOf(
        exposes,
        { manifests },
        'Internet',
        'Service:default/lb-public-range-yes',
      ),
    ).toEqual({
      reason:
        'An Internet-facing load balancer forwards to this Service from a public source range.',
      object: 'Service:default/lb-public-range-yes',
      fields: ['spec.type', 'spec.loadBalancerSourceRanges'],
      way: 'LoadBalancer',
      sourceRanges: ['10.0.0.0/8', '203.0.113.0/24'],
    });
  });
});

const exposure = (
  manifests: string,
  to: string,
  policy?: unknown,
): Promise<unknown> =>
  evidenceOf(
    exposes,
    { manifests, ...(policy === undefined ? {} : { policy }) },
    'Internet',
    to,
  );

const INGRESS_FACTS = (value: string[], source: string) => [
  { fact: 'exposure.internalIngressClasses', value, source },
];
const GATEWAY_FACTS = (value: string[], source: string) => [
  { fact: 'exposure.internalGatewayClasses', value, source },
];

describe('EXPOSES evidence: what a report says for each way in', () => {
  it('LoadBalancer: open to any source, or the source ranges of the field or of the annotation', async () => {
    const manifests = await fixture('EXPOSES');
    expect(await exposure(manifests, 'Service:default/lb-yes')).toEqual({
      reason:
        'An Internet-facing load balancer forwards to this Service from any source address.',
      object: 'Service:default/lb-yes',
      fields: ['spec.type'],
      way: 'LoadBalancer',
    });
    // An empty field leaves the annotation in force; its entries are trimmed.
    expect(
      await exposure(
        `apiVersion: v1
kind: Service
metadata:
  name: lb
  namespace: default
  annotations: { service.beta.kubernetes.io/load-balancer-source-ranges: ' 10.0.0.0/8 , 203.0.113.0/24 ,' }
spec:
  type: LoadBalancer
  loadBalancerSourceRanges: []
  ports: [{ port: 80 }]`,
        'Service:default/lb',
      ),
    ).toEqual({
      reason:
        'An Internet-facing load balancer forwards to this Service from a public source range.',
      object: 'Service:default/lb',
      fields: [
        'spec.type',
        'metadata.annotations.service.beta.kubernetes.io/load-balancer-source-ranges',
      ],
      way: 'LoadBalancer',
      sourceRanges: ['10.0.0.0/8', '203.0.113.0/24'],
    });
  });

  it('NodePort: the policy switch and which Linux nodes have a public address, given or derived', async () => {
    expect(
      await exposure(await fixture('EXPOSES'), 'Service:default/nodeport-yes'),
    ).toEqual({
      reason:
        'The Service opens a port on every node; no node address in the input confirms that the nodes are reachable from the Internet.',
      object: 'Service:default/nodeport-yes',
      fields: ['spec.type'],
      way: 'NodePort',
      facts: [
        { fact: 'exposure.nodePorts', value: true, source: 'defaulted' },
        { fact: 'publicIP', value: false, source: 'derived' },
      ],
    });
    expect(
      await exposure(PUBLIC_NODE + NODEPORT, 'Service:default/np'),
    ).toEqual({
      reason:
        'The Service opens a port on every node, and a Linux node has a public address.',
      object: 'Service:default/np',
      fields: ['spec.type'],
      way: 'NodePort',
      facts: [
        { fact: 'exposure.nodePorts', value: true, source: 'defaulted' },
        { fact: 'publicIP', value: ['Node:edge-1'], source: 'derived' },
      ],
    });
    expect(
      await exposure(NODEPORT, 'Service:default/np', {
        exposure: { nodePorts: true },
        nodes: { 'worker-1': { publicIP: true } },
      }),
    ).toMatchObject({
      facts: [
        { fact: 'exposure.nodePorts', value: true, source: 'given' },
        { fact: 'publicIP', value: ['Node:worker-1'], source: 'given' },
      ],
    });
  });

  it('Ingress: published address, installed class with its controller, or unconfirmed; the class field named', async () => {
    const manifests = await fixture('EXPOSES');
    expect(
      await exposure(
        manifests,
        'Ingress:default/ingress-published-yes',
        POLICY,
      ),
    ).toEqual({
      reason:
        'An ingress controller serves this Ingress on a published address.',
      object: 'Ingress:default/ingress-published-yes',
      fields: ['spec.rules[0].http.paths[0].backend', 'spec.ingressClassName'],
      ingressClass: 'nginx',
      addresses: ['198.51.100.20'],
      facts: INGRESS_FACTS(['internal-nginx'], 'given'),
    });
    expect(
      await exposure(
        manifests,
        'Ingress:default/ingress-class-installed-yes',
        POLICY,
      ),
    ).toEqual({
      reason:
        'The IngressClass of this Ingress is installed, so its controller serves it.',
      object: 'Ingress:default/ingress-class-installed-yes',
      fields: ['spec.defaultBackend', 'spec.ingressClassName'],
      ingressClass: 'traefik',
      controller: 'traefik.io/ingress-controller',
      facts: INGRESS_FACTS(['internal-nginx'], 'given'),
    });
    expect(
      await exposure(manifests, 'Ingress:default/ingress-unconfirmed-yes'),
    ).toEqual({
      reason:
        'This Ingress has backends; no published address or installed IngressClass confirms that a controller serves it.',
      object: 'Ingress:default/ingress-unconfirmed-yes',
      fields: ['spec.defaultBackend', 'spec.ingressClassName'],
      ingressClass: 'nginx',
      facts: INGRESS_FACTS([], 'defaulted'),
    });
    // Without the policy the internal class is Internet-facing; the legacy annotation names it.
    expect(
      await exposure(manifests, 'Ingress:default/ingress-internal-no'),
    ).toMatchObject({
      fields: [
        'spec.defaultBackend',
        'metadata.annotations.kubernetes.io/ingress.class',
      ],
      ingressClass: 'internal-nginx',
      addresses: ['10.0.0.20'],
    });
  });

  it('Ingress: an empty class field falls back to the annotation; no class at all to the default IngressClass', async () => {
    const manifests = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: { name: aaa-plain }
spec: { controller: example.com/plain }
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: { ingressclass.kubernetes.io/is-default-class: 'TRUE' }
spec: { controller: k8s.io/ingress-nginx }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: annotated
  namespace: default
  annotations: { kubernetes.io/ingress.class: alb }
spec:
  ingressClassName: ''
  defaultBackend: { service: { name: web, port: { number: 80 } } }
status:
  loadBalancer:
    ingress: [{ hostname: k8s-web-123.eu-west-1.elb.amazonaws.com }, { ip: '' }, {}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: unclassed
  namespace: default
  annotations: { kubernetes.io/ingress.class: '' }
spec:
  rules:
  - http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }`;
    expect(await exposure(manifests, 'Ingress:default/annotated')).toEqual({
      reason:
        'An ingress controller serves this Ingress on a published address.',
      object: 'Ingress:default/annotated',
      fields: [
        'spec.defaultBackend',
        'metadata.annotations.kubernetes.io/ingress.class',
      ],
      ingressClass: 'alb',
      addresses: ['k8s-web-123.eu-west-1.elb.amazonaws.com'],
      facts: INGRESS_FACTS([], 'defaulted'),
    });
    expect(await exposure(manifests, 'Ingress:default/unclassed')).toEqual({
      reason:
        'The IngressClass of this Ingress is installed, so its controller serves it.',
      object: 'Ingress:default/unclassed',
      fields: ['spec.rules[0].http.paths[0].backend'],
      ingressClass: 'nginx',
      controller: 'k8s.io/ingress-nginx',
      facts: INGRESS_FACTS([], 'defaulted'),
    });
  });

  it('Gateway: its public status addresses only, its class, the internal classes of the policy', async () => {
    const manifests = await fixture('EXPOSES');
    expect(
      await exposure(manifests, 'Gateway:default/gateway-public-yes', POLICY),
    ).toEqual({
      reason: 'The Gateway listens on a public address.',
      object: 'Gateway:default/gateway-public-yes',
      fields: ['spec.listeners', 'spec.gatewayClassName'],
      gatewayClass: 'external-gw',
      addresses: ['198.51.100.30'],
      facts: GATEWAY_FACTS(['internal-gw'], 'given'),
    });
    expect(
      await exposure(
        manifests,
        'Gateway:default/gateway-private-address-yes',
        POLICY,
      ),
    ).toEqual({
      reason:
        'The Gateway has listeners; no public address in its status confirms Internet reach.',
      object: 'Gateway:default/gateway-private-address-yes',
      fields: ['spec.listeners', 'spec.gatewayClassName'],
      gatewayClass: 'external-gw',
      facts: GATEWAY_FACTS(['internal-gw'], 'given'),
    });
    expect(
      await exposure(
        `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: default }
spec:
  listeners: [{ name: http, protocol: HTTP, port: 80 }]
status:
  addresses:
  - { type: Hostname, value: internal-gw-1.eu-west-1.elb.amazonaws.com }
  - { type: IPAddress, value: '' }
  - { type: IPAddress }
  - not-an-address
  - { type: IPAddress, value: 198.51.100.30 }`,
        'Gateway:default/gw',
      ),
    ).toEqual({
      reason: 'The Gateway listens on a public address.',
      object: 'Gateway:default/gw',
      fields: ['spec.listeners', 'spec.gatewayClassName'],
      addresses: ['198.51.100.30'],
      facts: GATEWAY_FACTS([], 'defaulted'),
    });
  });
});
