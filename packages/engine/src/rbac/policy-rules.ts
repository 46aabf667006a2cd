/**
 * Reads the `rules` of a raw Role or ClusterRole into PolicyRules. Input may
 * be hand-written manifests, so it is read defensively: a missing or `null`
 * list is empty (bootstrap `admin` has `rules: null`), and entries that are
 * not strings are dropped rather than widened into a match.
 */

import type { PolicyRule } from './types.ts';

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((entry): entry is string => typeof entry === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readPolicyRule(raw: unknown): PolicyRule | undefined {
  if (!isRecord(raw)) return undefined;
  const rule: {
    verbs: readonly string[];
    apiGroups?: readonly string[];
    resources?: readonly string[];
    resourceNames?: readonly string[];
    nonResourceURLs?: readonly string[];
  } = { verbs: strings(raw.verbs) ?? [] };
  const apiGroups = strings(raw.apiGroups);
  if (apiGroups !== undefined) rule.apiGroups = apiGroups;
  const resources = strings(raw.resources);
  if (resources !== undefined) rule.resources = resources;
  const resourceNames = strings(raw.resourceNames);
  if (resourceNames !== undefined && resourceNames.length > 0) {
    rule.resourceNames = resourceNames;
  }
  const nonResourceURLs = strings(raw.nonResourceURLs);
  if (nonResourceURLs !== undefined) rule.nonResourceURLs = nonResourceURLs;
  return rule;
}

export function readPolicyRules(raw: unknown): PolicyRule[] {
  if (!Array.isArray(raw)) return [];
  const out: PolicyRule[] = [];
  for (const entry of raw) {
    const rule = readPolicyRule(entry);
    if (rule !== undefined) out.push(rule);
  }
  return out;
}
