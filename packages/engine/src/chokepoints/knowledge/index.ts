/**
 * The knowledge base of well-known system components, one file per family
 * (docs/fixes.md lists them). Order matters only where two entries could
 * match one container; none do today, and the tests check it.
 */

import { CERTIFICATES } from './certificates.ts';
import { CNI } from './cni.ts';
import { CONTROL_PLANE } from './control-plane.ts';
import { CSI } from './csi.ts';
import { GITOPS } from './gitops.ts';
import { INGRESS } from './ingress.ts';
import { KUBE_PROXY } from './kube-proxy.ts';
import { LOAD_BALANCERS } from './load-balancers.ts';
import { METRICS_AGENTS } from './metrics-agents.ts';
import { MONITORING } from './monitoring.ts';
import { POLICY_ENGINES } from './policy-engines.ts';
import type { ComponentFamily } from './types.ts';

export const KNOWLEDGE: readonly ComponentFamily[] = [
  KUBE_PROXY,
  CNI,
  CSI,
  INGRESS,
  GITOPS,
  MONITORING,
  METRICS_AGENTS,
  CONTROL_PLANE,
  CERTIFICATES,
  POLICY_ENGINES,
  LOAD_BALANCERS,
];

export {
  imageMatches,
  recogniseContainer,
  recogniseContainers,
  repositoryPath,
} from './recognise.ts';
export type { Recognised, RecognisedContainers } from './recognise.ts';
export type {
  CapabilityNeed,
  Component,
  ComponentFamily,
  ComponentNeeds,
  CreatedPodsAccount,
  HostPathNeed,
  NamespaceScope,
  Need,
  OwnSecret,
  RbacNeed,
  TokenNeed,
} from './types.ts';
