/**
 * SARIF 2.1.0 for code scanning. Results: one per exposed entry point (its
 * shortest path as a code flow), one per choke point (with the fix as an
 * edit of the manifest where the fix is a patch), one per finding. Every
 * result points at the input file and line of the object concerned (the
 * reader keeps them), and names the object by its catalog id as a logical
 * location. Rules carry help in markdown, a helpUri to the technique or
 * finding page, and `security-severity` for code scanning's ranking.
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */

import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Fix, Location, Log, ReportingDescriptor, Result } from 'sarif';
import { EDGE_KINDS, isEdgeKind, reasonOf } from '@chokepoint/model';
import type { Evidence } from '@chokepoint/model';
import type { AnalysisResult, Chokepoint, FindingId } from '@chokepoint/engine';
import { entryClass, findingChecks } from '@chokepoint/engine';
import type { SourceLocation } from '@chokepoint/collector';
import { locationKey } from '@chokepoint/collector';
import { VERSION } from '../version.ts';
import { deleteEdit, patchEdits } from './manifest-edits.ts';
import type { Replacement } from './manifest-edits.ts';

/** What the SARIF needs besides the analysis: where things were read, and the docs. */
export interface SarifInput {
  /** The place of each input object, by `locationKey`. */
  readonly locations: ReadonlyMap<string, SourceLocation>;
  /** The file results about objects the input does not hold point at (line 1). */
  readonly inputFile: string;
  /** The working directory file paths are made relative to. */
  readonly cwd: string;
  /** A technique's doc page (docs/attacks/KIND.md), when the docs are at hand. */
  readonly techniquePage: (kind: string) => string | undefined;
  /** The text of an input file, for fixes as edits; undefined when unreadable. */
  readonly source: (file: string) => string | undefined;
}

/** Where the pages of the docs shipped in the npm package are served. */
export const DOCS_URL = `https://unpkg.com/chokepoint@${VERSION}/docs/`;

const SEVERITY_SCORE: Record<string, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

const ATTACK_PATH = 'CHOKEPOINT_ATTACK_PATH';
const CHOKE_POINT = 'CHOKEPOINT_CHOKE_POINT';

/** The input objects that stand for a node id, most specific first. */
function objectKeys(id: string): string[] {
  const colon = id.indexOf(':');
  if (colon === -1) return [];
  const kind = id.slice(0, colon);
  const parts = id.slice(colon + 1).split('/');
  if (kind === 'Container') {
    // Container:ns/pod/c, or Container:ns/Kind/name/c for a controller's template.
    const [namespace = '', a = '', b = ''] = parts;
    return parts.length === 4
      ? [locationKey(a, namespace, b)]
      : [locationKey('Pod', namespace, a)];
  }
  if (parts.length === 2) return [locationKey(kind, parts[0], parts[1] ?? '')];
  return [locationKey(kind, undefined, parts.join('/'))];
}

function uriOf(file: string, cwd: string): string {
  if (file === '<stdin>') return 'stdin';
  const path = isAbsolute(file) ? relative(cwd, file) : file;
  if (path.startsWith('..') || isAbsolute(path))
    return pathToFileURL(file).href;
  return encodeURI(path.split(sep).join('/'));
}

function artifact(file: string, cwd: string) {
  const uri = uriOf(file, cwd);
  return uri.startsWith('file:') ? { uri } : { uri, uriBaseId: '%SRCROOT%' };
}

class Locator {
  readonly #input: SarifInput;

  constructor(input: SarifInput) {
    this.#input = input;
  }

  /** The input place of a node id, if the input holds its object. */
  place(id: string): SourceLocation | undefined {
    for (const key of objectKeys(id)) {
      const found = this.#input.locations.get(key);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** A location for the first of `ids` the input holds, else the input itself. */
  location(ids: readonly string[], named = ids[0]): Location {
    const place = ids.map(id => this.place(id)).find(p => p !== undefined) ?? {
      file: this.#input.inputFile,
      line: 1,
    };
    return {
      physicalLocation: {
        artifactLocation: artifact(place.file, this.#input.cwd),
        region: { startLine: place.line },
      },
      ...(named === undefined
        ? {}
        : {
            logicalLocations: [{ fullyQualifiedName: named, kind: 'resource' }],
          }),
    };
  }

  /** The fix as edits of the manifests that hold its objects, when it is a patch. */
  fix(fix: Chokepoint['fix']): Fix | undefined {
    if (fix.action !== 'patch' || fix.patch === undefined) return undefined;
    const target = this.place(fix.target);
    if (target === undefined) return undefined;
    const byFile = new Map<string, Replacement[]>();
    const source = this.#input.source(target.file);
    const patched =
      source === undefined
        ? undefined
        : patchEdits(source, target.line, fix.patch);
    if (patched === undefined || patched.length === 0) return undefined;
    byFile.set(target.file, patched);
    // Pods the change rolls out again are gone from rendered manifests too.
    for (const id of fix.replaces ?? []) {
      const place = this.place(id);
      if (place === undefined) continue;
      const text = this.#input.source(place.file);
      const edit =
        text === undefined ? undefined : deleteEdit(text, place.line);
      if (edit !== undefined)
        byFile.set(place.file, [...(byFile.get(place.file) ?? []), edit]);
    }
    return {
      description: { text: fix.description },
      artifactChanges: [...byFile].map(([file, replacements]) => {
        const text = this.#input.source(file) ?? '';
        return {
          artifactLocation: artifact(file, this.#input.cwd),
          replacements: replacements.map(r => ({
            deletedRegion: region(text, r.offset, r.length),
            insertedContent: { text: r.text },
          })),
        };
      }),
    };
  }
}

/** A region by line and column (1-based, end exclusive) and by characters. */
function region(text: string, offset: number, length: number) {
  const at = (position: number) => {
    const before = text.slice(0, position);
    const lineStart = before.lastIndexOf('\n') + 1;
    return {
      line: before.split('\n').length,
      column: position - lineStart + 1,
    };
  };
  const start = at(offset);
  const end = at(offset + length);
  return {
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
    charOffset: offset,
    charLength: length,
  };
}

function techniqueRule(
  kind: string,
  page: string | undefined,
): ReportingDescriptor {
  const info = isEdgeKind(kind) ? EDGE_KINDS[kind] : undefined;
  const text = info?.description ?? kind;
  return {
    id: kind,
    name: kind,
    shortDescription: { text },
    help: { text, markdown: page ?? `**${kind}**: ${text}` },
    helpUri: `${DOCS_URL}attacks/${kind}.md`,
    properties: {
      tags: [
        'security',
        'attack-technique',
        ...(info ? [...info.mitre, info.tactic] : []),
      ],
      'security-severity': '7.0',
    },
  };
}

function findingRule(check: string, remediation: string): ReportingDescriptor {
  const checks: Readonly<
    Record<string, (typeof findingChecks)[FindingId] | undefined>
  > = findingChecks;
  const definition = checks[check];
  const title = definition?.title ?? check;
  const severity = definition?.severity ?? 'medium';
  const description = definition?.description ?? title;
  return {
    id: check,
    name: title,
    shortDescription: { text: title },
    fullDescription: { text: description },
    defaultConfiguration: { level: LEVEL[severity] ?? 'warning' },
    help: {
      text: `${description} Fix: ${remediation}`,
      markdown: `**${title}** (${severity})\n\n${description}\n\n**Fix:** ${remediation}\n\nThe checklist item this check implements is in [docs/checklist.md](${DOCS_URL}checklist.md).`,
    },
    helpUri: `${DOCS_URL}checklist.md`,
    properties: {
      tags: ['security', 'finding'],
      'security-severity': SEVERITY_SCORE[severity] ?? '5.5',
    },
  };
}

const FIXED_RULES: ReportingDescriptor[] = [
  {
    id: ATTACK_PATH,
    name: 'AttackPathToCriticalAsset',
    shortDescription: { text: 'An entry point reaches a critical asset' },
    defaultConfiguration: { level: 'error' },
    help: {
      text: 'An attacker at this entry point (the Internet, an anonymous or authenticated user, a compromised container) can reach a critical asset (cluster-admin power, a control-plane node, kube-system secrets) through the steps of the code flow. Apply the ranked choke points to cut it.',
      markdown:
        'An attacker at this **entry point** (the Internet, an anonymous or authenticated user, a compromised container) can reach a **critical asset** (cluster-admin power, a control-plane node, kube-system secrets). The code flow lists every step with the technique it uses; each technique has its page. The choke-point results name the fixes that cut the most paths, each measured by applying it and analysing again.',
    },
    helpUri: `${DOCS_URL}analysis.md`,
    properties: {
      tags: ['security', 'attack-path'],
      'security-severity': '9.0',
    },
  },
  {
    id: CHOKE_POINT,
    name: 'ChokePoint',
    shortDescription: {
      text: 'A change to this object cuts attack paths to critical assets',
    },
    defaultConfiguration: { level: 'warning' },
    help: {
      text: 'Changing this object as described removes attack paths; the figures were measured by applying the change and analysing again. Where the change is a patch, the result carries it as an edit of the manifest.',
      markdown:
        'Changing this object as described removes attack paths: the number of entry points it cuts and those left exposed were **measured** by applying the change to the input and analysing again. Where the change is a patch, the result carries it as an edit of the manifest (`fixes`).',
    },
    helpUri: `${DOCS_URL}analysis.md`,
    properties: {
      tags: ['security', 'remediation'],
      'security-severity': '8.0',
    },
  },
];

export function toSarif(result: AnalysisResult, input: SarifInput): Log {
  const locate = new Locator(input);
  const rules = new Map(FIXED_RULES.map(rule => [rule.id, rule]));
  for (const path of result.paths)
    for (const step of path.steps)
      if (!rules.has(step.kind))
        rules.set(
          step.kind,
          techniqueRule(step.kind, input.techniquePage(step.kind)),
        );
  for (const finding of result.findings)
    if (!rules.has(finding.check))
      rules.set(finding.check, findingRule(finding.check, finding.remediation));
  const ruleIds = [...rules.keys()];
  const ruleRef = (id: string) => ({
    ruleId: id,
    ruleIndex: ruleIds.indexOf(id),
  });

  const results: Result[] = result.paths.map(path => {
    const nodes = [path.from, ...path.steps.map(s => s.to)];
    const external = !['container', 'other'].includes(entryClass(path.from));
    return {
      ...ruleRef(ATTACK_PATH),
      level: external ? 'error' : 'warning',
      message: {
        text: `${path.from} reaches the critical asset ${path.to} in ${String(path.length)} steps (${path.steps.map(s => s.kind).join(' → ')}; confidence ${path.confidence}).`,
      },
      locations: [locate.location(nodes, path.from)],
      relatedLocations: [
        {
          id: 1,
          ...locate.location([path.to]),
          message: { text: `critical asset ${path.to}` },
        },
      ],
      codeFlows: [
        {
          threadFlows: [
            {
              locations: path.steps.map(step => ({
                location: {
                  ...locate.location([step.to]),
                  message: {
                    text: `${step.kind} → ${step.to}${reasonSuffix(step.evidence)}`,
                  },
                },
              })),
            },
          ],
        },
      ],
      partialFingerprints: { chokepointPath: `${path.from}->${path.to}` },
      properties: {
        entryPoint: path.from,
        criticalAsset: path.to,
        ...(path.accepted === undefined ? {} : { accepted: path.accepted }),
      },
      ...(path.accepted === undefined
        ? {}
        : {
            suppressions: [
              { kind: 'external', justification: path.accepted.reason },
            ],
          }),
    };
  });
  for (const chokepoint of result.chokepoints) {
    const fix = locate.fix(chokepoint.fix);
    results.push({
      ...ruleRef(CHOKE_POINT),
      level: 'warning',
      message: {
        text: `Choke point ${String(chokepoint.rank)}: ${chokepoint.explanation}`,
      },
      locations: [
        locate.location(
          [chokepoint.fix.target, ...(chokepoint.fix.replaces ?? [])],
          chokepoint.fix.target,
        ),
      ],
      partialFingerprints: { chokepointFix: chokepoint.fix.id },
      ...(fix === undefined ? {} : { fixes: [fix] }),
      properties: {
        rank: chokepoint.rank,
        fixId: chokepoint.fix.id,
        entriesCut: chokepoint.entriesCut,
        exposedAfter: chokepoint.exposedAfter,
        pathShare: chokepoint.pathShare,
      },
    });
  }
  for (const finding of result.findings) {
    const objects = finding.objects.length > 0 ? finding.objects : [];
    results.push({
      ...ruleRef(finding.check),
      level: LEVEL[finding.severity] ?? 'warning',
      message: { text: `${finding.message} Fix: ${finding.remediation}` },
      locations: [locate.location(objects)],
      partialFingerprints: { chokepointFinding: finding.id },
      properties: {
        severity: finding.severity,
        onAttackPath: finding.onAttackPath,
        objects: [...finding.objects],
      },
      ...(finding.accepted === undefined
        ? {}
        : {
            suppressions: [
              { kind: 'external', justification: finding.accepted.reason },
            ],
          }),
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
            semanticVersion: VERSION,
            informationUri: `${DOCS_URL}analysis.md`,
            rules: [...rules.values()],
          },
        },
        automationDetails: { id: `chokepoint/${result.cluster}/` },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: {
          '%SRCROOT%': {
            uri: pathToFileURL(input.cwd).href.replace(/\/?$/, '/'),
          },
        },
        results,
        properties: { cluster: result.cluster, summary: result.summary },
      },
    ],
  };
}

function reasonSuffix(evidence: Evidence): string {
  const reason = reasonOf(evidence);
  return reason === undefined ? '' : `: ${reason}`;
}
