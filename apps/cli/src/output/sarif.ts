/**
 * SARIF 2.1.0 for code-scanning uploads: one rule per technique that appears
 * on an attack path and per finding check, one result per exposed entry
 * point (its shortest path, as a code flow) and per finding. Cluster objects
 * have no file position, so results carry logical locations named by the
 * catalog ids; manifest inputs add the input path as the physical location.
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */

import { EDGE_KINDS, isEdgeKind } from '@chokepoint/model';
import type { AnalysisResult } from '@chokepoint/engine';
import { VERSION } from '../version.ts';

interface SarifFinding {
  readonly id: string;
  readonly check: string;
  readonly severity: string;
  readonly title?: string;
  readonly message?: string;
  readonly objects: readonly string[];
  readonly onAttackPath?: boolean;
}

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

function location(
  id: string,
  artifact: string | undefined,
): Record<string, unknown> {
  return {
    ...(artifact === undefined
      ? {}
      : { physicalLocation: { artifactLocation: { uri: artifact } } }),
    logicalLocations: [{ fullyQualifiedName: id, kind: 'resource' }],
  };
}

export function toSarif(
  result: AnalysisResult,
  findings: readonly SarifFinding[],
  artifact?: string,
): unknown {
  const rules = new Map<string, Record<string, unknown>>();
  rules.set('CHOKEPOINT_ATTACK_PATH', {
    id: 'CHOKEPOINT_ATTACK_PATH',
    name: 'AttackPathToCriticalAsset',
    shortDescription: { text: 'An entry point reaches a critical asset' },
    defaultConfiguration: { level: 'error' },
  });
  for (const path of result.paths) {
    for (const step of path.steps) {
      if (!isEdgeKind(step.kind) || rules.has(step.kind)) continue;
      const info = EDGE_KINDS[step.kind];
      rules.set(step.kind, {
        id: step.kind,
        shortDescription: { text: info.description },
        properties: { tags: [...info.mitre, info.tactic] },
      });
    }
  }
  for (const finding of findings) {
    if (!rules.has(finding.check)) {
      rules.set(finding.check, {
        id: finding.check,
        shortDescription: { text: finding.title ?? finding.check },
        defaultConfiguration: { level: LEVEL[finding.severity] ?? 'warning' },
      });
    }
  }
  const results: Record<string, unknown>[] = result.paths.map(path => ({
    ruleId: 'CHOKEPOINT_ATTACK_PATH',
    level: path.from.startsWith('Container:') ? 'warning' : 'error',
    message: {
      text: `${path.from} reaches the critical asset ${path.to} in ${String(path.length)} steps (confidence ${path.confidence}).`,
    },
    locations: [location(path.from, artifact)],
    relatedLocations: [{ id: 1, ...location(path.to, artifact) }],
    codeFlows: [
      {
        threadFlows: [
          {
            locations: path.steps.map(step => ({
              location: {
                ...location(step.to, artifact),
                message: {
                  text: `${step.kind}${typeof step.evidence.reason === 'string' ? `: ${step.evidence.reason}` : ''}`,
                },
              },
            })),
          },
        ],
      },
    ],
    partialFingerprints: { chokepointPath: `${path.from}->${path.to}` },
  }));
  for (const finding of findings) {
    results.push({
      ruleId: finding.check,
      level: LEVEL[finding.severity] ?? 'warning',
      message: { text: finding.message ?? finding.title ?? finding.check },
      locations: (finding.objects.length > 0 ? finding.objects : ['cluster'])
        .slice(0, 1)
        .map(id => location(id, artifact)),
      partialFingerprints: { chokepointFinding: finding.id },
      properties: { onAttackPath: finding.onAttackPath === true },
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Chokepoint',
            version: VERSION,
            rules: [...rules.values()],
          },
        },
        results,
        properties: { cluster: result.cluster, summary: result.summary },
      },
    ],
  };
}
