import { describe, expect, it } from 'vitest';
import { routesTo } from '../../src/rules/routes-to.ts';
import { fixture } from '../manifests.ts';
import { edgesOfKind, graphFor, ruleTester } from '../rule-tester.ts';
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

const route = (
  kind: string,
  name: string,
  spec: string,
  namespace = 'default',
): string => `apiVersion: gateway.networking.k8s.io/${kind === 'HTTPRoute' || kind === 'GRPCRoute' ? 'v1' : 'v1alpha2'}
kind: ${kind}
metadata: { name: ${name}, namespace: ${namespace} }
spec:
${spec}
`;
const service = (name: string, namespace = 'default'): string => `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec: { ports: [{ port: 80 }] }
`;
const gatewayEdges = async (manifests: string): Promise<string[]> => {
  const graph = await graphFor(routesTo, { name: '', manifests });
  return edgesOfKind(graph, 'ROUTES_TO')
    .filter(([from]) => from.startsWith('Gateway:'))
    .map(([, to]) => to);
};

describe('ROUTES_TO: which listeners take which routes', () => {
  it('by protocol when allowedRoutes names no kinds: HTTP(S) HTTPRoute and GRPCRoute, TLS TLSRoute and TCPRoute, TCP TCPRoute, UDP UDPRoute', async () => {
    const manifests = [
      `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: default }
spec:
  gatewayClassName: external
  listeners:
  - { name: web, protocol: HTTP, port: 80 }
  - { name: https, protocol: HTTPS, port: 443 }
  - { name: tls, protocol: TLS, port: 8443, tls: { mode: Passthrough } }
  - { name: tcp, protocol: TCP, port: 9000 }
  - { name: udp, protocol: UDP, port: 53 }
`,
      ...[
        ['GRPCRoute', 'grpc-web', 'web'],
        ['HTTPRoute', 'http-https', 'https'],
        ['GRPCRoute', 'grpc-https', 'https'],
        ['TCPRoute', 'tcp-tls', 'tls'],
        ['TCPRoute', 'tcp-tcp', 'tcp'],
        ['UDPRoute', 'udp-udp', 'udp'],
        ['HTTPRoute', 'http-tcp-no', 'tcp'],
        ['UDPRoute', 'udp-tcp-no', 'tcp'],
        ['TLSRoute', 'tls-udp-no', 'udp'],
      ].map(([kind = '', name = '', section = '']) =>
        route(
          kind,
          name,
          `  parentRefs: [{ name: gw, sectionName: ${section} }]`,
        ),
      ),
    ].join('---\n');
    expect((await gatewayEdges(manifests)).sort()).toEqual([
      'GRPCRoute:default/grpc-https',
      'GRPCRoute:default/grpc-web',
      'HTTPRoute:default/http-https',
      'TCPRoute:default/tcp-tcp',
      'TCPRoute:default/tcp-tls',
      'UDPRoute:default/udp-udp',
    ]);
  });

  it('allowedRoutes: kinds (group defaulted, another group refused), namespaces All, Same, Selector or unknown', async () => {
    const manifests = [
      `apiVersion: v1
kind: Namespace
metadata: { name: team, labels: { gateway: allowed } }
---
apiVersion: v1
kind: Namespace
metadata: { name: elsewhere }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: default }
spec:
  gatewayClassName: external
  listeners:
  - { name: grpc-only, protocol: HTTP, port: 80, allowedRoutes: { kinds: [{ kind: GRPCRoute }] } }
  - { name: foreign-kind, protocol: HTTP, port: 81, allowedRoutes: { kinds: [{ group: example.com, kind: HTTPRoute }] } }
  - { name: all, protocol: HTTP, port: 82, allowedRoutes: { namespaces: { from: All } } }
  - { name: selected, protocol: HTTP, port: 83, allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { gateway: allowed } } } } }
  - { name: bogus, protocol: HTTP, port: 84, allowedRoutes: { namespaces: { from: Everywhere } } }
`,
      route(
        'GRPCRoute',
        'grpc',
        '  parentRefs: [{ name: gw, sectionName: grpc-only }]',
      ),
      route(
        'HTTPRoute',
        'http-grpc-only-no',
        '  parentRefs: [{ name: gw, sectionName: grpc-only }]',
      ),
      route(
        'HTTPRoute',
        'foreign-no',
        '  parentRefs: [{ name: gw, sectionName: foreign-kind }]',
      ),
      route(
        'HTTPRoute',
        'from-team',
        '  parentRefs: [{ name: gw, namespace: default, sectionName: all }]',
        'team',
      ),
      route(
        'HTTPRoute',
        'selected',
        '  parentRefs: [{ name: gw, namespace: default, sectionName: selected }]',
        'team',
      ),
      route(
        'HTTPRoute',
        'unselected-no',
        '  parentRefs: [{ name: gw, namespace: default, sectionName: selected }]',
        'elsewhere',
      ),
      route(
        'HTTPRoute',
        'bogus-no',
        '  parentRefs: [{ name: gw, sectionName: bogus }]',
      ),
      route(
        'HTTPRoute',
        'same-other-ns-no',
        '  parentRefs: [{ name: gw, namespace: default, port: 80 }]',
        'team',
      ),
    ].join('---\n');
    expect((await gatewayEdges(manifests)).sort()).toEqual([
      'GRPCRoute:default/grpc',
      'HTTPRoute:team/from-team',
      'HTTPRoute:team/selected',
    ]);
  });

  it('parentRefs: the Gateway group, kind, namespace (the route’s by default) and name must all match', async () => {
    const manifests = [
      `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: gw, namespace: default }
spec:
  gatewayClassName: external
  listeners: [{ name: all, protocol: HTTP, port: 80, allowedRoutes: { namespaces: { from: All } } }]
`,
      route(
        'HTTPRoute',
        'explicit',
        `  parentRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, namespace: default, name: gw }]`,
        'team',
      ),
      route('HTTPRoute', 'own-ns-no', '  parentRefs: [{ name: gw }]', 'team'),
      route(
        'HTTPRoute',
        'other-group-no',
        '  parentRefs: [{ group: example.com, name: gw }]',
      ),
      route('HTTPRoute', 'other-name-no', '  parentRefs: [{ name: gw2 }]'),
      route(
        'HTTPRoute',
        'other-ns-no',
        '  parentRefs: [{ name: gw, namespace: team }]',
      ),
      route(
        'HTTPRoute',
        'no-section-no',
        '  parentRefs: [{ name: gw, sectionName: https }]',
      ),
      route(
        'HTTPRoute',
        'second-ref',
        '  parentRefs: [{ name: nope }, { name: gw }]',
      ),
    ].join('---\n');
    expect((await gatewayEdges(manifests)).sort()).toEqual([
      'HTTPRoute:default/second-ref',
      'HTTPRoute:team/explicit',
    ]);
    expect(
      await evidenceOf(
        routesTo,
        { manifests },
        'Gateway:default/gw',
        'HTTPRoute:default/second-ref',
      ),
    ).toEqual({
      reason: 'The Gateway accepts this HTTPRoute on listener all.',
      object: 'HTTPRoute:default/second-ref',
      fields: ['spec.parentRefs[1]'],
      gateway: 'Gateway:default/gw',
      listeners: ['all'],
    });
  });
});

describe('ROUTES_TO: which Services a route forwards or mirrors to', () => {
  it('Service backends only (not another group or kind, not unnamed, not missing), and requestMirror filters of a rule or of a backend', async () => {
    const manifests = [
      service('main'),
      service('mirror-rule'),
      service('mirror-backend'),
      route(
        'HTTPRoute',
        'r',
        `  rules:
  - filters:
    - { type: RequestHeaderModifier, requestHeaderModifier: { set: [{ name: x, value: y }] } }
    - { type: RequestMirror, requestMirror: { backendRef: { name: mirror-rule, port: 80 } } }
    backendRefs:
    - { group: example.com, kind: Service, name: main, port: 80 }
    - { kind: ServiceImport, name: main, port: 80 }
    - { name: '', port: 80 }
    - { port: 80 }
    - { name: missing, port: 80 }
    - name: main
      port: 80
      filters: [{ type: RequestMirror, requestMirror: { backendRef: { name: mirror-backend, port: 80 } } }]`,
      ),
    ].join('---\n');
    const graph = await graphFor(routesTo, { name: '', manifests });
    expect(edgesOfKind(graph, 'ROUTES_TO')).toEqual([
      ['HTTPRoute:default/r', 'Service:default/main', 'high'],
      ['HTTPRoute:default/r', 'Service:default/mirror-backend', 'high'],
      ['HTTPRoute:default/r', 'Service:default/mirror-rule', 'high'],
    ]);
    const fieldsTo = async (to: string) =>
      (
        (await evidenceOf(
          routesTo,
          { manifests },
          'HTTPRoute:default/r',
          to,
        )) as {
          fields: unknown;
        }
      ).fields;
    expect(await fieldsTo('Service:default/main')).toEqual([
      'spec.rules[0].backendRefs[5]',
    ]);
    expect(await fieldsTo('Service:default/mirror-rule')).toEqual([
      'spec.rules[0].filters[1].requestMirror.backendRef',
    ]);
    expect(await fieldsTo('Service:default/mirror-backend')).toEqual([
      'spec.rules[0].backendRefs[5].filters[0].requestMirror.backendRef',
    ]);
  });

  it('a ReferenceGrant must allow the route’s group, kind and namespace, and Services (by name or all)', async () => {
    const grant = (name: string, from: string, to: string): string =>
      `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: { name: ${name}, namespace: data }
spec:
  from: [${from}]
  to: [${to}]
`;
    const FROM_DEFAULT = `{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default }`;
    const cases: [string, string, string, boolean][] = [
      ['any-service', FROM_DEFAULT, `{ group: '', kind: Service }`, true],
      ['named', FROM_DEFAULT, `{ group: '', kind: Service, name: db }`, true],
      [
        'other-name',
        FROM_DEFAULT,
        `{ group: '', kind: Service, name: cache }`,
        false,
      ],
      [
        'other-to-group',
        FROM_DEFAULT,
        `{ group: example.com, kind: Service }`,
        false,
      ],
      ['other-to-kind', FROM_DEFAULT, `{ group: '', kind: Secret }`, false],
      [
        'other-from-group',
        `{ group: example.com, kind: HTTPRoute, namespace: default }`,
        `{ group: '', kind: Service }`,
        false,
      ],
      [
        'other-from-kind',
        `{ group: gateway.networking.k8s.io, kind: GRPCRoute, namespace: default }`,
        `{ group: '', kind: Service }`,
        false,
      ],
      [
        'other-from-ns',
        `{ group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: team }`,
        `{ group: '', kind: Service }`,
        false,
      ],
    ];
    for (const [name, from, to, allowed] of cases) {
      const manifests = [
        service('db', 'data'),
        grant(name, from, to),
        route(
          'HTTPRoute',
          'r',
          `  rules: [{ backendRefs: [{ name: db, namespace: data, port: 80 }] }]`,
        ),
      ].join('---\n');
      const graph = await graphFor(routesTo, { name: '', manifests });
      expect(edgesOfKind(graph, 'ROUTES_TO'), name).toEqual(
        allowed ? [['HTTPRoute:default/r', 'Service:data/db', 'high']] : [],
      );
      if (allowed)
        expect(
          await evidenceOf(
            routesTo,
            { manifests },
            'HTTPRoute:default/r',
            'Service:data/db',
          ),
          name,
        ).toMatchObject({ referenceGrant: `ReferenceGrant:data/${name}` });
    }
  });
});
