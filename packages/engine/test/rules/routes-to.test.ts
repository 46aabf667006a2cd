import { describe, expect, it } from 'vitest';
import { routesTo } from '../../src/rules/routes-to.ts';
import { fixture } from '../manifests.ts';
import { ruleTester } from '../rule-tester.ts';
import { evidenceOf } from './evidence-of.ts';

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: default }
spec:
  gatewayClassName: external
  listeners:
  - { name: web, protocol: HTTP, port: 80 }
  - { name: tls, protocol: TLS, port: 443, tls: { mode: Passthrough } }
---
apiVersion: v1
kind: Service
metadata: { name: svc, namespace: default }
spec: { ports: [{ port: 80 }] }
---
`;

ruleTester(routesTo, {
  valid: [
    {
      name: 'an Ingress backend naming a Service that is not in the input',
      manifests: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ing, namespace: default }
spec:
  defaultBackend: { service: { name: absent, port: { number: 80 } } }`,
    },
    {
      name: 'an Ingress cannot name a Service of another namespace',
      manifests: `apiVersion: v1
kind: Service
metadata: { name: svc, namespace: other }
spec: { ports: [{ port: 80 }] }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ing, namespace: default }
spec:
  defaultBackend: { service: { name: svc, port: { number: 80 } } }`,
    },
    {
      name: 'a parentRef whose port matches no listener',
      manifests: `${GATEWAY}apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r, namespace: default }
spec:
  parentRefs: [{ name: gw, port: 8443 }]`,
    },
    {
      name: 'a parentRef of another kind (a Service mesh parent) is not a Gateway',
      manifests: `${GATEWAY}apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r, namespace: default }
spec:
  parentRefs: [{ group: '', kind: Service, name: gw }]`,
    },
    {
      name: 'a TLSRoute on an HTTP-only Gateway: the protocol decides the default kinds',
      manifests: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: default }
spec:
  gatewayClassName: external
  listeners: [{ name: web, protocol: HTTP, port: 80 }]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: { name: r, namespace: default }
spec:
  parentRefs: [{ name: gw }]`,
    },
    {
      name: 'a Selector listener without a selector admits nothing',
      manifests: `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: default }
spec:
  gatewayClassName: external
  listeners:
  - { name: web, protocol: HTTP, port: 80, allowedRoutes: { namespaces: { from: Selector } } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r, namespace: default }
spec:
  parentRefs: [{ name: gw }]`,
    },
  ],
  invalid: [
    {
      name: 'the fixture: Ingress paths, listener admission, ReferenceGrants',
      manifests: await fixture('ROUTES_TO'),
      edges: [
        ['Gateway:default/edge', 'HTTPRoute:apps/selected-yes'],
        ['Gateway:default/edge', 'HTTPRoute:default/same-ns-yes'],
        ['Gateway:default/edge', 'TCPRoute:other/tcp-yes'],
        ['HTTPRoute:apps/selected-yes', 'Service:apps/granted-yes'],
        ['HTTPRoute:default/same-ns-yes', 'Service:apps/granted-yes'],
        ['HTTPRoute:default/same-ns-yes', 'Service:default/api-yes'],
        ['HTTPRoute:default/same-ns-yes', 'Service:default/web-yes'],
        ['HTTPRoute:other/unlabelled-no', 'Service:other/db'],
        ['Ingress:default/shop', 'Service:default/api-yes'],
        ['Ingress:default/shop', 'Service:default/web-yes'],
        ['TCPRoute:other/tcp-yes', 'Service:other/db'],
      ],
    },
    {
      name: 'TLS listeners take TLSRoutes; a legacy v1beta1 Ingress backend',
      manifests: `${GATEWAY}apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: { name: r, namespace: default }
spec:
  parentRefs: [{ name: gw, port: 443 }]
  rules: [{ backendRefs: [{ name: svc, port: 80 }] }]
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata: { name: old, namespace: default }
spec:
  backend: { serviceName: svc, servicePort: 80 }`,
      edges: [
        ['Gateway:default/gw', 'TLSRoute:default/r', 'high'],
        ['Ingress:default/old', 'Service:default/svc', 'high'],
        ['TLSRoute:default/r', 'Service:default/svc', 'high'],
      ],
    },
    {
      name: 'a ReferenceGrant restricted to another Service name does not apply',
      manifests: `apiVersion: v1
kind: Service
metadata: { name: allowed, namespace: data }
spec: { ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: secret-db, namespace: data }
spec: { ports: [{ port: 80 }] }
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: only-allowed, namespace: data }
spec:
  from: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default }]
  to: [{ group: '', kind: Service, name: allowed }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: r, namespace: default }
spec:
  rules:
  - backendRefs:
    - { name: allowed, namespace: data, port: 80 }
    - { name: secret-db, namespace: data, port: 80 }`,
      edges: [['HTTPRoute:default/r', 'Service:data/allowed']],
    },
  ],
});

describe('ROUTES_TO evidence of the fixture edges', () => {
  it('the reason, objects, permissions and facts a report shows, one edge per kind of way', async () => {
    const manifests = await fixture('ROUTES_TO');
    expect(
      await evidenceOf(
        routesTo,
        { manifests },
        'Ingress:default/shop',
        'Service:default/web-yes',
      ),
    ).toEqual({
      reason: 'The Ingress forwards matching requests to this Service.',
      object: 'Ingress:default/shop',
      fields: ['spec.defaultBackend.service.name'],
    });
    expect(
      await evidenceOf(
        routesTo,
        { manifests },
        'Gateway:default/edge',
        'HTTPRoute:apps/selected-yes',
      ),
    ).toEqual({
      reason: 'The Gateway accepts this HTTPRoute on listener shared.',
      object: 'HTTPRoute:apps/selected-yes',
      fields: ['spec.parentRefs[0]'],
      gateway: 'Gateway:default/edge',
      listeners: ['shared'],
    });
    expect(
      await evidenceOf(
        routesTo,
        { manifests },
        'HTTPRoute:apps/selected-yes',
        'Service:apps/granted-yes',
      ),
    ).toEqual({
      reason: 'The HTTPRoute forwards matching traffic to this Service.',
      object: 'HTTPRoute:apps/selected-yes',
      fields: ['spec.rules[0].backendRefs[0]'],
    });
  });
});
