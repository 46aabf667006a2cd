/**
 * @chokepoint/neo4j: "load". The attack graph and its analysis into Neo4j
 * (`toStatements` is pure, `exportGraph` a thin driver loop), and the offline
 * formats: Cypher script, neo4j-admin CSV pair, GraphML, BloodHound
 * OpenGraph. The only importer of neo4j-driver.
 */

export {
  RESERVED_NODE_KEYS,
  cypherName,
  propertyValue,
  toExportRows,
} from './rows.ts';
export type {
  EdgeRow,
  ExportAnalysis,
  ExportRows,
  NodeRow,
  Properties,
  PropertyValue,
  RowOptions,
  Scalar,
} from './rows.ts';
export {
  SHARED_LABEL,
  cleanupStatements,
  nodeStatementText,
  relationshipStatementText,
  schemaStatements,
  statementsForRows,
  toStatements,
} from './statements.ts';
export type { Statement, StatementOptions } from './statements.ts';
export {
  Neo4jExportError,
  connect,
  describeNeo4jError,
  exportGraph,
  runStatements,
  verifyTarget,
} from './export.ts';
export type {
  DriverLike,
  ExportOptions,
  ExportProgress,
  ExportSummary,
  Neo4jFailureReason,
  SessionLike,
} from './export.ts';
export {
  CSV_ARRAY_DELIMITER,
  OPENGRAPH_SOURCE_KIND,
  columnTypes,
  cypherLiteral,
  openGraphKind,
  toAdminCsv,
  toCypherScript,
  toGraphml,
  toOpenGraph,
} from './offline.ts';
