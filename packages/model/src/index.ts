export { NODE_KINDS, isNodeKind } from './node-kinds.ts';
export type { NodeKind, NodeKindInfo } from './node-kinds.ts';
export {
  AUXILIARY_EDGE_KINDS,
  CONFIDENCE_ORDER,
  EDGE_KINDS,
  isAuxiliaryEdgeKind,
  isEdgeKind,
} from './edge-kinds.ts';
export type {
  AuxiliaryEdgeKind,
  Confidence,
  EdgeKind,
  EdgeKindInfo,
  RuleEdgeKind,
} from './edge-kinds.ts';
export {
  INTERNET_ID,
  SYSTEM_MASTERS_ID,
  containerId,
  kindOfId,
  namespaceScope,
  objectId,
  podTemplateId,
  roleInScopeId,
  templateContainerId,
} from './ids.ts';
export type { RoleRefId, ScopeId } from './ids.ts';
export {
  ANALYSED_KINDS,
  SECRET_NAME_ARG,
  SNAPSHOT_FORMAT,
  SNAPSHOT_SCHEMA_VERSION,
  countObjects,
} from './snapshot.ts';
export type {
  CollectionGap,
  KubeObject,
  Snapshot,
  SnapshotMetadata,
  SnapshotSource,
} from './snapshot.ts';
export { createAttackGraph, edgeKey } from './attack-graph.ts';
export type {
  AttackGraph,
  EdgeAttributes,
  GraphAttributes,
  NodeAttributes,
} from './attack-graph.ts';
export { fromGraphJson, toGraphJson } from './graph-json.ts';
export type { GraphJson, GraphJsonEdge, GraphJsonNode } from './graph-json.ts';
export { reasonOf, waysOf } from './evidence.ts';
export type {
  AnyEdgeKind,
  CloudAssumeEvidence,
  CredentialEvidence,
  EdgeEvidence,
  EndpointExploitEvidence,
  EscapeEvidence,
  Evidence,
  EvidenceByKind,
  ExposesEvidence,
  FactEvidence,
  FieldEvidence,
  HostPathEvidence,
  IdentityAssumeEvidence,
  KindedEvidence,
  PermissionEvidence,
  PlaceEvidence,
  PodAttachEvidence,
  PodCreateEvidence,
  PodCreateWithSaEvidence,
  RbacEvidence,
  ReasonEvidence,
  RoleGrantEvidence,
  RoutesToEvidence,
  SpecEvidence,
  Way,
  WayOf,
} from './evidence.ts';
export type {
  Acceptance,
  AnalysisFinding,
  AnalysisPath,
  AnalysisResult,
  AttackPath,
  Chokepoint,
  EntryClass,
  FindingRecord,
  FixImpact,
  FixPart,
  FixRecord,
  PathStep,
  PlanStep,
  ConvergencePoint,
  Severity,
} from './analysis.ts';
export { alternativeLead } from './fix-wording.ts';
