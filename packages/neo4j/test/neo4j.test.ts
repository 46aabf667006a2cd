/**
 * @chokepoint/neo4j without a database: the exact statements (inline
 * snapshots), the driver loop against a fake session, error messages, and
 * the offline formats. The real Neo4j runs in test/it/neo4j/.
 */

import { describe, expect, it } from 'vitest';
import { createAttackGraph, edgeKey } from '@chokepoint/model';
import type { AttackGraph, EdgeAttributes } from '@chokepoint/model';
import {
  Neo4jExportError,
  cypherLiteral,
  describeNeo4jError,
  exportGraph,
  propertyValue,
  toAdminCsv,
  toCypherScript,
  toExportRows,
  toGraphml,
  toOpenGraph,
  toStatements,
} from '../src/index.ts';
import type { DriverLike, ExportAnalysis } from '../src/index.ts';

function tinyGraph(): AttackGraph {
  const g = createAttackGraph({ cluster: 'tiny' });
  g.addNode('Container:web/app-1/app', {
    kind: 'Container',
    name: 'app',
    namespace: 'web',
    props: { image: 'shop:1', running: true },
  });
  g.addNode('ServiceAccount:web/app', {
    kind: 'ServiceAccount',
    name: 'app',
    namespace: 'web',
  });
  g.addNode('Secret:kube-system/root', {
    kind: 'Secret',
    name: 'root',
    namespace: 'kube-system',
    props: { labels: { a: 'b' }, id: 'x' },
  });
  g.addNode('Internet', { kind: 'Internet', name: 'Internet' });
  const edge = (
    from: string,
    kind: string,
    to: string,
    traversable: boolean,
    evidence: Record<string, unknown>,
  ) => {
    // Hand-made evidence: only the fields the exporter reads.
    g.addDirectedEdgeWithKey(edgeKey(from, kind, to), from, to, {
      kind,
      traversable,
      confidence: 'high',
      evidence,
    } as EdgeAttributes);
  };
  edge(
    'Container:web/app-1/app',
    'IDENTITY_ASSUME',
    'ServiceAccount:web/app',
    true,
    {
      reason: 'token mounted',
      fields: ['spec.serviceAccountName'],
      ways: [{ kind: 'automount' }],
    },
  );
  edge(
    'ServiceAccount:web/app',
    'SECRET_READ',
    'Secret:kube-system/root',
    true,
    { reason: 'can get it' },
  );
  edge(
    'ServiceAccount:web/app',
    'FUTURE_KIND',
    'Secret:kube-system/root',
    false,
    {},
  );
  return g;
}

const analysis: ExportAnalysis = {
  entryPoints: ['Container:web/app-1/app'],
  criticalAssets: ['Secret:kube-system/root'],
  paths: [
    {
      from: 'Container:web/app-1/app',
      to: 'Secret:kube-system/root',
      length: 2,
      steps: [
        {
          from: 'Container:web/app-1/app',
          to: 'ServiceAccount:web/app',
          kind: 'IDENTITY_ASSUME',
        },
        {
          from: 'ServiceAccount:web/app',
          to: 'Secret:kube-system/root',
          kind: 'SECRET_READ',
        },
      ],
    },
  ],
  chokepoints: [
    {
      rank: 1,
      fix: {
        id: 'patch:ServiceAccount:web/app#automount',
        action: 'patch',
        target: 'ServiceAccount:web/app',
        patch: { automountServiceAccountToken: false },
        description: 'stop mounting the token',
      },
      entriesCut: 1,
      exposedAfter: 0,
    },
    {
      rank: 2,
      fix: {
        id: 'delete:RoleBinding:web/gone',
        action: 'delete',
        target: 'RoleBinding:web/gone',
        description: 'not in the graph',
      },
      entriesCut: 1,
      exposedAfter: 0,
    },
  ],
};

interface Call {
  readonly how: 'run' | 'write';
  readonly text: string;
  readonly params: Record<string, unknown>;
}

function fakeDriver(fail?: { at: number; error: unknown }): {
  driver: DriverLike;
  calls: Call[];
  sessions: Record<string, unknown>[];
  closed: number[];
} {
  const calls: Call[] = [];
  const sessions: Record<string, unknown>[] = [];
  const closed: number[] = [];
  const record = (
    how: Call['how'],
    text: string,
    params: Record<string, unknown>,
  ): Promise<unknown> => {
    calls.push({ how, text, params });
    if (calls.length === fail?.at)
      return Promise.reject(
        fail.error instanceof Error
          ? fail.error
          : new Error(String(fail.error)),
      );
    return Promise.resolve({});
  };
  const driver: DriverLike = {
    session(config) {
      sessions.push(config);
      return {
        run: (text, params) => record('run', text, params),
        executeWrite: work =>
          work({ run: (text, params) => record('write', text, params) }),
        close: () => {
          closed.push(sessions.length);
          return Promise.resolve();
        },
      };
    },
  };
  return { driver, calls, sessions, closed };
}

describe('toStatements', () => {
  it('emits the constraint, indexes, one MERGE text per kind and the cleanup', () => {
    const statements = toStatements(tinyGraph(), { analysis, snapshot: 's1' });
    const texts = statements.map(
      s => `${s.mode}/${s.phase}/${String(s.rows)}: ${s.text}`,
    );
    expect(texts.filter(t => !t.includes('CREATE INDEX')))
      .toMatchInlineSnapshot(`
      [
        "schema/schema/0: CREATE CONSTRAINT chokepoint_node_key IF NOT EXISTS FOR (n:AttackNode) REQUIRE (n.cluster, n.id) IS UNIQUE",
        "schema/schema/0: CALL db.awaitIndexes(300)",
        "write/nodes/1: UNWIND $rows AS row
      MERGE (n:AttackNode {cluster: $cluster, id: row.id})
      SET n = row.props, n:Container",
        "write/nodes/1: UNWIND $rows AS row
      MERGE (n:AttackNode {cluster: $cluster, id: row.id})
      SET n = row.props, n:Internet",
        "write/nodes/1: UNWIND $rows AS row
      MERGE (n:AttackNode {cluster: $cluster, id: row.id})
      SET n = row.props, n:Secret",
        "write/nodes/1: UNWIND $rows AS row
      MERGE (n:AttackNode {cluster: $cluster, id: row.id})
      SET n = row.props, n:ServiceAccount",
        "write/relationships/1: UNWIND $rows AS row
      MATCH (a:AttackNode {cluster: $cluster, id: row.from})
      MATCH (b:AttackNode {cluster: $cluster, id: row.to})
      MERGE (a)-[r:FUTURE_KIND]->(b)
      SET r = row.props",
        "write/relationships/1: UNWIND $rows AS row
      MATCH (a:AttackNode {cluster: $cluster, id: row.from})
      MATCH (b:AttackNode {cluster: $cluster, id: row.to})
      MERGE (a)-[r:IDENTITY_ASSUME]->(b)
      SET r = row.props",
        "write/relationships/1: UNWIND $rows AS row
      MATCH (a:AttackNode {cluster: $cluster, id: row.from})
      MATCH (b:AttackNode {cluster: $cluster, id: row.to})
      MERGE (a)-[r:SECRET_READ]->(b)
      SET r = row.props",
        "autocommit/cleanup/0: MATCH (:AttackNode {cluster: $cluster})-[r]->()
      WHERE r.snapshot IS NULL OR r.snapshot <> $snapshot
      CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
        "autocommit/cleanup/0: MATCH (n:AttackNode {cluster: $cluster})
      WHERE n.snapshot <> $snapshot
      CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS",
      ]
    `);
    expect(
      texts.filter(t => t.includes('CREATE INDEX')).length,
    ).toBeGreaterThanOrEqual(30);
    expect(texts).toContain(
      'schema/schema/0: CREATE INDEX chokepoint_Pod_id IF NOT EXISTS FOR (n:Pod) ON (n.id)',
    );
  });

  it('puts properties, evidence and analysis results in the rows', () => {
    const statements = toStatements(tinyGraph(), { analysis, snapshot: 's1' });
    const params = statements
      .filter(s => s.mode === 'write')
      .map(s => s.params);
    expect(params).toMatchInlineSnapshot(`
      [
        {
          "cluster": "tiny",
          "rows": [
            {
              "id": "Container:web/app-1/app",
              "props": {
                "cluster": "tiny",
                "entryClass": "container",
                "entryPoint": true,
                "exposed": true,
                "id": "Container:web/app-1/app",
                "image": "shop:1",
                "kind": "Container",
                "name": "app",
                "namespace": "web",
                "pathLength": 2,
                "pathTo": "Secret:kube-system/root",
                "running": true,
                "snapshot": "s1",
              },
            },
          ],
        },
        {
          "cluster": "tiny",
          "rows": [
            {
              "id": "Internet",
              "props": {
                "cluster": "tiny",
                "id": "Internet",
                "kind": "Internet",
                "name": "Internet",
                "snapshot": "s1",
              },
            },
          ],
        },
        {
          "cluster": "tiny",
          "rows": [
            {
              "id": "Secret:kube-system/root",
              "props": {
                "cluster": "tiny",
                "critical": true,
                "exposedEntries": 1,
                "id": "Secret:kube-system/root",
                "kind": "Secret",
                "labels": "{"a":"b"}",
                "name": "root",
                "namespace": "kube-system",
                "prop_id": "x",
                "snapshot": "s1",
              },
            },
          ],
        },
        {
          "cluster": "tiny",
          "rows": [
            {
              "id": "ServiceAccount:web/app",
              "props": {
                "chokepointRank": 1,
                "cluster": "tiny",
                "fixActions": [
                  "patch",
                ],
                "fixDescriptions": [
                  "stop mounting the token",
                ],
                "fixEntriesCut": [
                  1,
                ],
                "fixExposedAfter": [
                  0,
                ],
                "fixIds": [
                  "patch:ServiceAccount:web/app#automount",
                ],
                "fixPatches": [
                  "{"automountServiceAccountToken":false}",
                ],
                "fixRanks": [
                  1,
                ],
                "id": "ServiceAccount:web/app",
                "kind": "ServiceAccount",
                "name": "app",
                "namespace": "web",
                "snapshot": "s1",
              },
            },
          ],
        },
        {
          "cluster": "tiny",
          "rows": [
            {
              "from": "ServiceAccount:web/app",
              "props": {
                "cluster": "tiny",
                "confidence": "high",
                "evidence": "{}",
                "snapshot": "s1",
                "traversable": false,
              },
              "to": "Secret:kube-system/root",
            },
          ],
        },
        {
          "cluster": "tiny",
          "rows": [
            {
              "from": "Container:web/app-1/app",
              "props": {
                "cluster": "tiny",
                "confidence": "high",
                "evidence": "{"reason":"token mounted","fields":["spec.serviceAccountName"],"ways":[{"kind":"automount"}]}",
                "evidence_fields": [
                  "spec.serviceAccountName",
                ],
                "evidence_reason": "token mounted",
                "mitre": [
                  "T1528",
                  "T1078",
                ],
                "pathCount": 1,
                "snapshot": "s1",
                "tactic": "Credential Access",
                "traversable": true,
              },
              "to": "ServiceAccount:web/app",
            },
          ],
        },
        {
          "cluster": "tiny",
          "rows": [
            {
              "from": "ServiceAccount:web/app",
              "props": {
                "cluster": "tiny",
                "confidence": "high",
                "evidence": "{"reason":"can get it"}",
                "evidence_reason": "can get it",
                "mitre": [
                  "T1552.007",
                ],
                "pathCount": 1,
                "snapshot": "s1",
                "tactic": "Credential Access",
                "traversable": true,
              },
              "to": "Secret:kube-system/root",
            },
          ],
        },
      ]
    `);
  });

  it('batches rows and gives the same content the same snapshot id', () => {
    const a = toStatements(tinyGraph(), { nodeBatch: 1, relationshipBatch: 1 });
    expect(a.filter(s => s.phase === 'nodes')).toHaveLength(4);
    expect(a.filter(s => s.phase === 'relationships')).toHaveLength(3);
    const b = toStatements(tinyGraph());
    expect(toExportRows(tinyGraph()).snapshot).toMatch(/^[0-9a-f]{16}$/);
    expect(a.at(-1)?.params).toEqual(b.at(-1)?.params);
  });

  it('quotes a kind that is not a plain identifier', () => {
    const g = createAttackGraph({ cluster: 'c' });
    g.addNode('X:1', { kind: 'Odd-Kind', name: '1' });
    const texts = toStatements(g).map(s => s.text);
    expect(texts).toContain(
      'UNWIND $rows AS row\nMERGE (n:AttackNode {cluster: $cluster, id: row.id})\nSET n = row.props, n:`Odd-Kind`',
    );
  });
});

describe('propertyValue', () => {
  it('keeps Neo4j values and JSON-encodes the rest', () => {
    expect(propertyValue('a')).toBe('a');
    expect(propertyValue(3)).toBe(3);
    expect(propertyValue(Number.NaN)).toBe('null');
    expect(propertyValue(['a', 'b'])).toEqual(['a', 'b']);
    expect(propertyValue(['a', 1])).toBe('["a",1]');
    expect(propertyValue({ a: 1 })).toBe('{"a":1}');
    expect(propertyValue([])).toBeUndefined();
    expect(propertyValue(null)).toBeUndefined();
  });
});

describe('exportGraph', () => {
  it('runs schema in auto-commit and writes through executeWrite, in order, on one session', async () => {
    const fake = fakeDriver();
    const progress: string[] = [];
    const summary = await exportGraph(fake.driver, tinyGraph(), {
      analysis,
      snapshot: 's1',
      database: 'neo4j',
      onProgress: p =>
        progress.push(`${p.phase} ${String(p.done)}/${String(p.total)}`),
    });
    expect(fake.sessions).toEqual([
      { database: 'neo4j', defaultAccessMode: 'WRITE' },
    ]);
    expect(fake.closed).toEqual([1]);
    expect(fake.calls.map(c => c.how).join('')).toMatch(
      /^(run)+(write){7}(run){2}$/,
    );
    expect(
      fake.calls.every(
        c => c.how === 'run' || c.text.startsWith('UNWIND $rows'),
      ),
    ).toBe(true);
    expect(summary).toMatchObject({
      cluster: 'tiny',
      snapshot: 's1',
      nodes: 4,
      relationships: 3,
      unplacedFixes: ['delete:RoleBinding:web/gone'],
    });
    expect(progress.at(-1)).toBe('cleanup 7/7');
  });

  it('sends whole numbers as Neo4j integers', async () => {
    const fake = fakeDriver();
    await exportGraph(fake.driver, tinyGraph(), { analysis, snapshot: 's1' });
    const sa = fake.calls.find(
      c => c.how === 'write' && c.text.includes('n:ServiceAccount'),
    );
    const props = (sa?.params.rows as { props: Record<string, unknown> }[])[0]
      ?.props;
    expect(props?.chokepointRank).toEqual(
      expect.objectContaining({ low: 1, high: 0 }),
    );
  });

  it('turns driver errors into messages that say what to do, and closes the session', async () => {
    const cases: [unknown, Neo4jExportError['reason'], string][] = [
      [
        Object.assign(new Error('connect ECONNREFUSED'), {
          code: 'ServiceUnavailable',
        }),
        'unavailable',
        'cannot reach Neo4j at bolt://db:7687',
      ],
      [
        Object.assign(new Error('bad'), {
          code: 'Neo.ClientError.Security.Unauthorized',
        }),
        'auth',
        'refused the login of user "u"',
      ],
      [
        Object.assign(new Error('Graph not found: x'), {
          code: 'Neo.ClientError.Database.DatabaseNotFound',
        }),
        'database',
        'has no database "x"',
      ],
      [
        Object.assign(new Error('boom'), {
          code: 'Neo.DatabaseError.General.UnknownError',
        }),
        'query',
        'failed: boom',
      ],
    ];
    for (const [error, reason, message] of cases) {
      const fake = fakeDriver({ at: 5, error });
      const failure = await exportGraph(fake.driver, tinyGraph(), {
        database: 'x',
        target: { uri: 'bolt://db:7687', user: 'u' },
      }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Neo4jExportError);
      expect((failure as Neo4jExportError).reason).toBe(reason);
      expect((failure as Neo4jExportError).message).toContain(message);
      expect(fake.closed).toEqual([1]);
    }
    expect(describeNeo4jError('odd').reason).toBe('query');
  });
});

describe('offline formats', () => {
  const rows = () => toExportRows(tinyGraph(), { analysis, snapshot: 's1' });

  it('writes Cypher literals that round-trip quotes and newlines', () => {
    expect(
      cypherLiteral({ a: "it's", 'b-c': ['x\ny', 1, true], d: null }),
    ).toBe("{a: 'it\\'s', `b-c`: ['x\\ny', 1, true], d: null}");
    const script = [...toCypherScript(rows())].join('');
    expect(script).not.toContain('$rows');
    expect(script.split(';\n').filter(s => s.includes('MERGE')).length).toBe(7);
  });

  it('writes the neo4j-admin CSV pair with typed headers', () => {
    const csv = toAdminCsv(rows());
    expect([...csv.nodes].join('')).toMatchInlineSnapshot(`
      "id:ID,:LABEL,chokepointRank:long,cluster,critical:boolean,entryClass,entryPoint:boolean,exposed:boolean,exposedEntries:long,fixActions:string[],fixDescriptions:string[],fixEntriesCut:long[],fixExposedAfter:long[],fixIds:string[],fixPatches:string[],fixRanks:long[],image,kind,labels,name,namespace,pathLength:long,pathTo,prop_id,running:boolean,snapshot
      Container:web/app-1/app,AttackNode;Container,,tiny,,container,true,true,,,,,,,,,shop:1,Container,,app,web,2,Secret:kube-system/root,,true,s1
      Internet,AttackNode;Internet,,tiny,,,,,,,,,,,,,,Internet,,Internet,,,,,,s1
      Secret:kube-system/root,AttackNode;Secret,,tiny,true,,,,1,,,,,,,,,Secret,"{""a"":""b""}",root,kube-system,,,x,,s1
      ServiceAccount:web/app,AttackNode;ServiceAccount,1,tiny,,,,,,patch,stop mounting the token,1,0,patch:ServiceAccount:web/app#automount,"{""automountServiceAccountToken"":false}",1,,ServiceAccount,,app,web,,,,,s1
      "
    `);
    expect(
      [...csv.relationships].join('').split('\n')[0],
    ).toMatchInlineSnapshot(
      `":START_ID,:END_ID,:TYPE,cluster,confidence,evidence,evidence_fields:string[],evidence_reason,mitre:string[],pathCount:long,snapshot,tactic,traversable:boolean"`,
    );
  });

  it('writes GraphML and BloodHound OpenGraph', () => {
    const graphml = [...toGraphml(rows())].join('');
    expect(graphml).toContain(
      '<node id="Secret:kube-system/root" labels=":AttackNode:Secret">',
    );
    expect(graphml).toContain(
      '<key id="n_critical" for="node" attr.name="critical" attr.type="boolean"/>',
    );
    const og = JSON.parse([...toOpenGraph(rows())].join('')) as {
      metadata: { source_kind: string };
      graph: {
        nodes: {
          id: string;
          kinds: string[];
          properties: Record<string, unknown>;
        }[];
        edges: { kind: string; start: { value: string; match_by: string } }[];
      };
    };
    expect(og.metadata.source_kind).toBe('Chokepoint');
    expect(og.graph.nodes.find(n => n.id === 'Internet')?.kinds).toEqual([
      'K8sInternet',
      'Chokepoint',
    ]);
    expect(og.graph.edges.map(e => e.kind)).toEqual([
      'IDENTITY_ASSUME',
      'SECRET_READ',
    ]);
    for (const n of og.graph.nodes) {
      for (const v of Object.values(n.properties))
        expect(typeof v === 'object' && !Array.isArray(v)).toBe(false);
    }
  });
});
