/**
 * The RBAC evaluator (catalog section 4): rule matching, binding scope,
 * subjects, aggregation, the Covers check and the assumed bootstrap policy.
 * Every RBAC-driven rule of the engine uses this and nothing else.
 */

export type {
  Allow,
  Grant,
  Identity,
  PolicyRule,
  Reach,
  ResourceAction,
  ResourceRequest,
} from './types.ts';
export {
  actionMatches,
  nonResourceRuleMatches,
  ruleMatches,
} from './rule-matches.ts';
export { authorize, authorizeNonResource, grantApplies } from './authorize.ts';
export { reach, reachAllows } from './reach.ts';
export { breakdownRule, covers, uncoveredTuples } from './covers.ts';
export type { CoverTuple } from './covers.ts';
export { isClusterAdminRule } from './cluster-admin.ts';
export { CLUSTER_SCOPED } from './cluster-scoped.ts';
export { readPolicyRules } from './policy-rules.ts';
export { labelSelectorMatches } from './label-selector.ts';
export {
  SERVICE_ACCOUNT_USER_PREFIX,
  parseServiceAccountUsername,
  serviceAccountUsername,
} from './subjects.ts';
export type { Subject } from './subjects.ts';
export { serviceAccountIdentity } from './identity.ts';
export { isWholeCluster } from './built-in-rbac.ts';
export {
  BOOTSTRAP_POLICY_OBJECTS,
  BOOTSTRAP_POLICY_SOURCE,
} from './bootstrap-policy.ts';
export { RbacModel } from './rbac-model.ts';
export type {
  BindingEntry,
  GrantScope,
  NamedSubject,
  RbacInput,
  RbacModelOptions,
  RoleEntry,
} from './rbac-model.ts';
