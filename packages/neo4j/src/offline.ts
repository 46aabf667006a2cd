/**
 * Offline exports for those without a running database, each a stream of
 * text chunks (a 100k-pod graph does not fit one string):
 *
 * - a Cypher script for cypher-shell: the statements of `toStatements` with
 *   their parameters written as literals;
 * - the CSV pair of `neo4j-admin database import full` (nodes, relationships),
 *   with typed headers;
 * - GraphML, with typed keys and Neo4j-style `labels`;
 * - BloodHound OpenGraph JSON, to load the graph into BloodHound CE.
 *
 * All of them come from the same rows as the online export (rows.ts).
 */

import { SHARED_LABEL, statementsForRows } from './statements.ts';
import type { StatementOptions } from './statements.ts';
import type { ExportRows, PropertyValue } from './rows.ts';

/** A Cypher literal for a parameter value (strings single-quoted, maps with back-quoted keys when needed). */
export function cypherLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
  }
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(cypherLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => {
        const key = /^[A-Za-z_][A-Za-z0-9_]*$/.test(k)
          ? k
          : `\`${k.replaceAll('`', '``')}\``;
        return `${key}: ${cypherLiteral(v)}`;
      },
    );
    return `{${entries.join(', ')}}`;
  }
  return 'null';
}

/** The export as a cypher-shell script (`cypher-shell -f FILE`); one statement per batch. */
export function* toCypherScript(
  rows: ExportRows,
  options: StatementOptions = {},
): Generator<string> {
  yield `// Chokepoint attack graph of cluster ${rows.cluster}, snapshot ${rows.snapshot}: ${String(rows.nodes.length)} nodes, ${String(rows.edges.length)} relationships.\n`;
  yield '// Run with: cypher-shell -a bolt://HOST:7687 -u neo4j -f FILE (re-running it is idempotent).\n';
  const statements = statementsForRows(rows, {
    nodeBatch: 1000,
    relationshipBatch: 1000,
    ...options,
  });
  for (const statement of statements) {
    const text = statement.text.replace(
      /\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (_m, name: string) => cypherLiteral(statement.params[name]),
    );
    yield `${text};\n`;
  }
}

type CsvType =
  | 'string'
  | 'boolean'
  | 'long'
  | 'double'
  | 'string[]'
  | 'boolean[]'
  | 'long[]'
  | 'double[]';

/** The array delimiter the CSV pair uses (`--array-delimiter`); a value containing it is JSON-encoded instead. */
export const CSV_ARRAY_DELIMITER = ';';

function typeOf(value: PropertyValue): CsvType {
  if (Array.isArray(value)) {
    const first = value[0] as string | number | boolean;
    const base =
      typeof first === 'number'
        ? (value as number[]).every(Number.isInteger)
          ? 'long'
          : 'double'
        : typeof first === 'boolean'
          ? 'boolean'
          : 'string';
    return `${base}[]` as CsvType;
  }
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'long' : 'double';
  return typeof value === 'boolean' ? 'boolean' : 'string';
}

function mergeType(a: CsvType | undefined, b: CsvType): CsvType {
  if (a === undefined || a === b) return b;
  if ((a === 'long' && b === 'double') || (a === 'double' && b === 'long'))
    return 'double';
  if (
    (a === 'long[]' && b === 'double[]') ||
    (a === 'double[]' && b === 'long[]')
  )
    return 'double[]';
  return 'string';
}

/** Property columns of a set of rows: name -> the one type every row's value fits. */
export function columnTypes(
  propsList: Iterable<Readonly<Record<string, PropertyValue>>>,
  skip: ReadonlySet<string>,
): Map<string, CsvType> {
  const types = new Map<string, CsvType>();
  for (const props of propsList) {
    for (const [key, value] of Object.entries(props)) {
      if (skip.has(key)) continue;
      let type = mergeType(types.get(key), typeOf(value));
      if (
        type === 'string[]' &&
        (value as readonly string[]).some(v => v.includes(CSV_ARRAY_DELIMITER))
      )
        type = 'string';
      types.set(key, type);
    }
  }
  return new Map([...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) || text === ''
    ? `"${text.replace(/"/g, '""')}"`
    : text;
}

function cell(value: PropertyValue | undefined, type: CsvType): string {
  if (value === undefined) return '';
  if (type === 'string') {
    return csvField(
      typeof value === 'string'
        ? value
        : Array.isArray(value)
          ? JSON.stringify(value)
          : String(value),
    );
  }
  if (Array.isArray(value))
    return csvField(
      (value as readonly (string | number | boolean)[])
        .map(String)
        .join(CSV_ARRAY_DELIMITER),
    );
  return String(value);
}

const csvHeaderName = (name: string, type: CsvType): string =>
  csvField(type === 'string' ? name : `${name}:${type}`);

/**
 * The CSV pair of `neo4j-admin database import full`: `nodes` (id:ID, :LABEL
 * and typed properties) and `relationships` (:START_ID, :END_ID, :TYPE and
 * typed properties). The command is in docs/neo4j.md.
 */
export function toAdminCsv(rows: ExportRows): {
  nodes: Generator<string>;
  relationships: Generator<string>;
} {
  function* nodes(): Generator<string> {
    const types = columnTypes(
      rows.nodes.map(n => n.props),
      new Set(['id']),
    );
    const columns = [...types];
    yield `${['id:ID', ':LABEL', ...columns.map(([k, t]) => csvHeaderName(k, t))].join(',')}\n`;
    let chunk = '';
    for (const n of rows.nodes) {
      chunk += `${[csvField(n.id), csvField(`${SHARED_LABEL}${CSV_ARRAY_DELIMITER}${n.kind}`), ...columns.map(([k, t]) => cell(n.props[k], t))].join(',')}\n`;
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  }
  function* relationships(): Generator<string> {
    const types = columnTypes(
      rows.edges.map(e => e.props),
      new Set(),
    );
    const columns = [...types];
    yield `${[':START_ID', ':END_ID', ':TYPE', ...columns.map(([k, t]) => csvHeaderName(k, t))].join(',')}\n`;
    let chunk = '';
    for (const e of rows.edges) {
      chunk += `${[csvField(e.from), csvField(e.to), csvField(e.kind), ...columns.map(([k, t]) => cell(e.props[k], t))].join(',')}\n`;
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  }
  return { nodes: nodes(), relationships: relationships() };
}

function xml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // Characters XML 1.0 cannot carry at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD')
  );
}

function graphmlType(type: CsvType): string {
  switch (type) {
    case 'boolean':
      return 'boolean';
    case 'long':
      return 'long';
    case 'double':
      return 'double';
    default:
      return 'string';
  }
}

function graphmlValue(value: PropertyValue): string {
  return xml(Array.isArray(value) ? JSON.stringify(value) : String(value));
}

/** GraphML (directed); arrays are JSON strings, `labels` reads like Neo4j's `:AttackNode:Pod`. */
export function* toGraphml(rows: ExportRows): Generator<string> {
  const nodeTypes = columnTypes(
    rows.nodes.map(n => n.props),
    new Set(),
  );
  const edgeTypes = columnTypes(
    rows.edges.map(e => e.props),
    new Set(),
  );
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n';
  yield '  <key id="labels" for="node" attr.name="labels" attr.type="string"/>\n';
  for (const [k, t] of nodeTypes)
    yield `  <key id="n_${xml(k)}" for="node" attr.name="${xml(k)}" attr.type="${graphmlType(t)}"/>\n`;
  yield '  <key id="label" for="edge" attr.name="label" attr.type="string"/>\n';
  for (const [k, t] of edgeTypes)
    yield `  <key id="e_${xml(k)}" for="edge" attr.name="${xml(k)}" attr.type="${graphmlType(t)}"/>\n`;
  yield `  <graph id="${xml(rows.cluster)}" edgedefault="directed">\n`;
  let chunk = '';
  for (const n of rows.nodes) {
    chunk += `    <node id="${xml(n.id)}" labels=":${SHARED_LABEL}:${xml(n.kind)}"><data key="labels">:${SHARED_LABEL}:${xml(n.kind)}</data>`;
    for (const [k, v] of Object.entries(n.props))
      chunk += `<data key="n_${xml(k)}">${graphmlValue(v)}</data>`;
    chunk += '</node>\n';
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  for (const e of rows.edges) {
    chunk += `    <edge id="${xml(`${e.from}|${e.kind}|${e.to}`)}" source="${xml(e.from)}" target="${xml(e.to)}" label="${xml(e.kind)}"><data key="label">${xml(e.kind)}</data>`;
    for (const [k, v] of Object.entries(e.props))
      chunk += `<data key="e_${xml(k)}">${graphmlValue(v)}</data>`;
    chunk += '</edge>\n';
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
  yield '  </graph>\n</graphml>\n';
}

/** The BloodHound CE kind of a node kind: prefixed, because BloodHound's own User, Group and Container mean AD objects. */
export const openGraphKind = (kind: string): string => `K8s${kind}`;

/** The source kind every node also carries in the OpenGraph export. */
export const OPENGRAPH_SOURCE_KIND = 'Chokepoint';

/**
 * BloodHound OpenGraph JSON (`{metadata, graph: {nodes, edges}}`, edges
 * matched by id). Only traversable edges are included by default: BloodHound
 * treats every OpenGraph edge as a step of an attack path, and structural
 * edges (OWNS, RUNS_ON, ROLE_REF...) are not.
 */
export function* toOpenGraph(
  rows: ExportRows,
  options: { includeStructural?: boolean } = {},
): Generator<string> {
  yield `{"metadata":{"source_kind":${JSON.stringify(OPENGRAPH_SOURCE_KIND)}},"graph":{"nodes":[`;
  let first = true;
  let chunk = '';
  for (const n of rows.nodes) {
    const properties = {
      ...n.props,
      objectid: n.id,
      displayname:
        n.props.namespace === undefined
          ? n.props.name
          : `${String(n.props.namespace)}/${String(n.props.name)}`,
    };
    chunk += `${first ? '' : ','}\n${JSON.stringify({ id: n.id, kinds: [openGraphKind(n.kind), OPENGRAPH_SOURCE_KIND], properties })}`;
    first = false;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  chunk += '\n],"edges":[';
  first = true;
  for (const e of rows.edges) {
    if (options.includeStructural !== true && e.props.traversable !== true)
      continue;
    chunk += `${first ? '' : ','}\n${JSON.stringify({ kind: e.kind, start: { value: e.from, match_by: 'id' }, end: { value: e.to, match_by: 'id' }, properties: e.props })}`;
    first = false;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n]}}\n`;
}
