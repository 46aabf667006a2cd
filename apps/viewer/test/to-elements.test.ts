/** The pure mapping to cytoscape elements: folding siblings, path layout. */

import { describe, expect, it } from 'vitest';
import type { AttackPath } from '@chokepoint/engine';
import type { GraphJsonEdge } from '@chokepoint/model';
import type { Subgraph, SubgraphNode } from '@chokepoint/viewer-api';
import {
  aggregateLabel,
  edgeClass,
  PATH_LANE,
  PATH_ROW,
  pathElements,
  pluralKind,
  subgraphElements,
} from '../src/to-elements.ts';
import { nameOfId } from '../src/labels.ts';

const pod = (i: number, ns = 'web', depth = 1): SubgraphNode => ({
  id: `Pod:${ns}/pod-${String(i).padStart(2, '0')}`,
  kind: 'Pod',
  name: `pod-${String(i).padStart(2, '0')}`,
  namespace: ns,
  depth,
});

const edge = (from: string, to: string, kind = 'POD_EXEC'): GraphJsonEdge =>
  ({
    from,
    to,
    kind,
    traversable: true,
    confidence: 'high' as const,
    evidence: {},
  }) as GraphJsonEdge;

const center: SubgraphNode = {
  id: 'ServiceAccount:web/deployer',
  kind: 'ServiceAccount',
  name: 'deployer',
  namespace: 'web',
  depth: 0,
};

function starOf(n: number, omitted = 0): Subgraph {
  const pods = Array.from({ length: n }, (_, i) => pod(i));
  return {
    center: center.id,
    nodes: [center, ...pods],
    edges: pods.map(p => edge(center.id, p.id)),
    omitted:
      omitted === 0
        ? []
        : [
            {
              anchor: center.id,
              direction: 'out',
              kind: 'Pod',
              namespace: 'web',
              count: omitted,
            },
          ],
    total: n + omitted,
    briefs: {},
  };
}

const nodesOf = (elements: ReturnType<typeof subgraphElements>) =>
  elements.elements.filter(e => e.group === 'nodes');

describe('pluralKind and aggregateLabel', () => {
  it('names groups the way people say them', () => {
    expect(pluralKind('Pod')).toBe('pods');
    expect(pluralKind('ServiceAccount')).toBe('service accounts');
    expect(pluralKind('Ingress')).toBe('ingresses');
    expect(pluralKind('Policy')).toBe('policies');
    expect(pluralKind('Pod', 1)).toBe('pod');
    expect(aggregateLabel(14, 'Pod', 'web')).toBe('14 more pods in ns web');
    expect(aggregateLabel(3, 'ClusterRole')).toBe('3 more cluster roles');
  });
});

describe('subgraphElements', () => {
  it('keeps a small neighbourhood as it is', () => {
    const out = subgraphElements(starOf(4));
    expect(out.aggregates).toEqual([]);
    expect(nodesOf(out)).toHaveLength(5);
    expect(out.elements.filter(e => e.group === 'edges')).toHaveLength(4);
    expect(nodesOf(out).find(e => e.data.id === center.id)?.classes).toContain(
      'center',
    );
  });

  it('folds siblings beyond the limit into one aggregate with their count', () => {
    const out = subgraphElements(starOf(20), { maxSiblings: 6 });
    expect(out.aggregates).toHaveLength(1);
    const [aggregate] = out.aggregates;
    expect(aggregate?.count).toBe(15);
    expect(aggregate?.label).toBe('15 more pods in ns web');
    expect(nodesOf(out)).toHaveLength(1 + 5 + 1);
    // The shown siblings are the first by id, stable across runs.
    expect(nodesOf(out).map(e => e.data.id)).toContain('Pod:web/pod-00');
    expect(nodesOf(out).map(e => e.data.id)).not.toContain('Pod:web/pod-19');
  });

  it('adds the siblings the server left out to the aggregate', () => {
    const out = subgraphElements(starOf(8, 100), { maxSiblings: 6 });
    expect(out.aggregates[0]?.count).toBe(3 + 100);
    expect(out.aggregates[0]?.members).toHaveLength(3);
  });

  it('shows an aggregate for a group the server sent none of', () => {
    const sub: Subgraph = {
      ...starOf(0, 40),
      nodes: [center],
    };
    const out = subgraphElements(sub);
    expect(out.aggregates.map(a => a.label)).toEqual([
      '40 more pods in ns web',
    ]);
  });

  it('groups by namespace and kind separately', () => {
    const pods = [
      ...Array.from({ length: 10 }, (_, i) => pod(i, 'web')),
      ...Array.from({ length: 10 }, (_, i) => pod(i, 'shop')),
    ];
    const sub: Subgraph = {
      center: center.id,
      nodes: [center, ...pods],
      edges: pods.map(p => edge(center.id, p.id)),
      omitted: [],
      total: 20,
      briefs: {},
    };
    const out = subgraphElements(sub, { maxSiblings: 6 });
    expect(out.aggregates.map(a => a.label).sort()).toEqual([
      '5 more pods in ns shop',
      '5 more pods in ns web',
    ]);
  });

  it('folds many one-per-namespace siblings into one aggregate per kind', () => {
    const services: SubgraphNode[] = Array.from({ length: 400 }, (_, i) => ({
      id: `Service:ns-${String(i).padStart(3, '0')}/web`,
      kind: 'Service',
      name: 'web',
      namespace: `ns-${String(i).padStart(3, '0')}`,
      depth: 1,
    }));
    const sub: Subgraph = {
      center: 'Internet',
      nodes: [
        { id: 'Internet', kind: 'Internet', name: 'Internet', depth: 0 },
        ...services,
      ],
      edges: services.map(s => edge('Internet', s.id, 'EXPOSES')),
      omitted: [],
      total: 400,
      briefs: {},
    };
    const out = subgraphElements(sub, { maxSiblings: 6 });
    expect(out.aggregates.map(a => a.label)).toEqual([
      '395 more services in 395 other namespaces',
    ]);
    expect(nodesOf(out)).toHaveLength(1 + 5 + 1);
  });

  it('hangs the children of folded nodes off the aggregate, folded together', () => {
    const pods = Array.from({ length: 10 }, (_, i) => pod(i));
    const containers: SubgraphNode[] = pods.map((p, i) => ({
      id: `Container:web/${p.name}/app`,
      kind: 'Container',
      name: 'app',
      namespace: 'web',
      depth: 2,
      ...(i < 0 ? {} : {}),
    }));
    const sub: Subgraph = {
      center: center.id,
      nodes: [center, ...pods, ...containers],
      edges: [
        ...pods.map(p => edge(center.id, p.id)),
        ...pods.map((p, i) =>
          edge(p.id, containers[i]?.id ?? '', 'CONTAINER_ATTACH'),
        ),
      ],
      omitted: [],
      total: 20,
      briefs: {},
    };
    const out = subgraphElements(sub, { maxSiblings: 6 });
    // 5 containers under shown pods stay; 5 under the pod aggregate fold.
    const labels = out.aggregates.map(a => a.label).sort();
    expect(labels).toEqual([
      '5 more containers in ns web',
      '5 more pods in ns web',
    ]);
    expect(nodesOf(out).length).toBeLessThan(1 + 20);
  });

  it('never hands cytoscape more than the element budget', () => {
    const pods = Array.from({ length: 5000 }, (_, i) => ({
      ...pod(i),
      id: `Pod:ns-${String(i)}/p`,
      namespace: `ns-${String(i)}`,
    }));
    const sub: Subgraph = {
      center: center.id,
      nodes: [center, ...pods],
      edges: pods.map(p => edge(center.id, p.id)),
      omitted: [],
      total: 5000,
      briefs: {},
    };
    const out = subgraphElements(sub, {
      maxElements: 3000,
      maxSiblings: 100_000,
    });
    expect(out.elements.length).toBeLessThanOrEqual(3000);
    expect(out.truncated).toBe(true);
  });

  it('keeps aggregates within the element budget too', () => {
    const pods = Array.from({ length: 1500 }, (_, i) => ({
      ...pod(i),
      id: `Pod:ns-${String(i)}/p`,
      namespace: `ns-${String(i)}`,
    }));
    const sub: Subgraph = {
      center: center.id,
      nodes: [center, ...pods],
      edges: pods.map(p => edge(center.id, p.id)),
      omitted: pods.map(p => ({
        anchor: p.id,
        direction: 'out' as const,
        kind: 'Container',
        namespace: p.namespace,
        count: 3,
      })),
      total: 6000,
      briefs: {},
    };
    const out = subgraphElements(sub, {
      maxElements: 3000,
      maxSiblings: 100_000,
    });
    expect(out.elements.length).toBeLessThanOrEqual(3000);
    expect(out.truncated).toBe(true);
  });

  it('marks entry points and critical assets', () => {
    const out = subgraphElements(starOf(2), {
      entries: new Set(['Pod:web/pod-00']),
      critical: new Set(['Pod:web/pod-01']),
    });
    const byId = new Map(nodesOf(out).map(e => [e.data.id, e.classes]));
    expect(byId.get('Pod:web/pod-00')).toContain('entry');
    expect(byId.get('Pod:web/pod-01')).toContain('critical');
  });
});

describe('edgeClass', () => {
  it('tells attack, helper and structural edges apart from the model tables', () => {
    expect(edgeClass('POD_EXEC', true)).toBe('attack');
    expect(edgeClass('GRANTS', true)).toBe('auxiliary');
    expect(edgeClass('RUNS_ON', false)).toBe('structural');
  });
});

describe('pathElements', () => {
  const path: AttackPath = {
    from: 'Internet',
    to: 'Node:cp-1',
    length: 3,
    confidence: 'high',
    steps: [
      {
        from: 'Internet',
        to: 'Service:web/front',
        kind: 'EXPOSES',
        confidence: 'high',
        evidence: {},
      },
      {
        from: 'Service:web/front',
        to: 'Container:web/f-1/app',
        kind: 'ENDPOINT_EXPLOIT',
        confidence: 'high',
        evidence: {},
      },
      {
        from: 'Container:web/f-1/app',
        to: 'Node:cp-1',
        kind: 'CE_PRIV_MOUNT',
        confidence: 'high',
        evidence: {},
      },
    ],
  };

  // Issue 13: steps top to bottom (was left to right, which squeezed a
  // 12-step path into a strip with unreadable labels).
  it('lays a path out top to bottom, entry first, one row per step', () => {
    const elements = pathElements([path]);
    const nodes = elements.filter(e => e.group === 'nodes');
    expect(nodes.map(n => n.data.id)).toEqual([
      'Internet',
      'Service:web/front',
      'Container:web/f-1/app',
      'Node:cp-1',
    ]);
    const ys = nodes.map(n => n.position?.y ?? -1);
    expect(ys).toEqual([0, 1, 2, 3].map(i => i * PATH_ROW));
    expect(new Set(nodes.map(n => n.position?.x))).toEqual(new Set([0]));
    const edges = elements.filter(e => e.group === 'edges');
    expect(edges.map(e => e.data.label as string)).toEqual([
      '1. EXPOSES',
      '2. ENDPOINT_EXPLOIT',
      '3. CE_PRIV_MOUNT',
    ]);
  });

  it('shares nodes between paths and stacks the rest', () => {
    const other: AttackPath = {
      ...path,
      from: 'Container:web/g-1/app',
      length: 1,
      steps: [
        {
          from: 'Container:web/g-1/app',
          to: 'Node:cp-1',
          kind: 'CE_NSENTER',
          confidence: 'high',
          evidence: {},
        },
      ],
    };
    const nodes = pathElements([path, other]).filter(e => e.group === 'nodes');
    expect(nodes.filter(n => n.data.id === 'Node:cp-1')).toHaveLength(1);
    const second = nodes.find(n => n.data.id === 'Container:web/g-1/app');
    expect(second?.position).toEqual({ x: PATH_LANE, y: 0 });
  });

  it('labels nodes from the briefs, with their findings, and marks accepted steps', () => {
    const elements = pathElements([path], {
      briefs: {
        'Container:web/f-1/app': {
          label: 'f-1/app',
          findings: 2,
          severity: 'high',
        },
      },
      accepted: new Set(['edge:Internet|EXPOSES|Service:web/front']),
    });
    const container = elements.find(e => e.data.id === 'Container:web/f-1/app');
    expect(container?.data.label).toBe('Container  ⚠ 2 high\nf-1/app');
    expect(container?.classes).toContain('has-findings');
    const service = elements.find(e => e.data.id === 'Service:web/front');
    expect(service?.data.label).toBe('Service\nweb/front');
    const exposes = elements.find(
      e => e.data.id === 'Internet|EXPOSES|Service:web/front',
    );
    expect(exposes?.classes).toContain('accepted');
    expect(exposes?.data.label).toBe('1. EXPOSES (accepted)');
  });

  it('falls back to the id without its kind', () => {
    expect(nameOfId('Container:web/f-1/app')).toBe('web/f-1/app');
    expect(nameOfId('Internet')).toBe('Internet');
  });
});
