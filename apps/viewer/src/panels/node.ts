/**
 * The node panel: what this node can do (the critical assets it reaches
 * and how far, what it reaches by kind, its effective permissions as RBAC
 * rules, the findings on it) and who can reach it (the entry points, how
 * far), with the node's menu: neighbourhood, blast radius, start or end a
 * path here.
 */

import type { AnalysisFinding } from '@chokepoint/engine';
import type {
  Briefs,
  NodeResponse,
  ProfileResponse,
} from '@chokepoint/viewer-api';
import { h } from '../dom.ts';
import { labelOf } from '../labels.ts';
import { nodeLink, plural } from './common.ts';

export interface NodeActions {
  readonly neighbourhood: (id: string) => void;
  readonly blastRadius: (id: string) => void;
  readonly startHere: (id: string) => void;
  readonly endHere: (id: string) => void;
  readonly pathBetween: (from: string, to: string) => void;
  readonly open: (id: string) => void;
  readonly note: (id: string) => void;
}

type Rule = ProfileResponse extends {
  permissions?: { grants: (infer G)[] };
}
  ? G extends { rules: (infer R)[] }
    ? R
    : never
  : never;

function ruleText(rule: Rule): string {
  const verbs = rule.verbs.join(', ');
  if (rule.nonResourceURLs !== undefined)
    return `${verbs} on URLs ${rule.nonResourceURLs.join(', ')}`;
  const groups = (rule.apiGroups ?? [])
    .map(g => (g === '' ? 'core' : g))
    .join(', ');
  const resources = (rule.resources ?? []).join(', ');
  const names =
    rule.resourceNames === undefined
      ? ''
      : ` named ${rule.resourceNames.join(', ')}`;
  return `${verbs} · ${resources}${names} (${groups})`;
}

function byKindText(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${String(n)} ${kind}`)
    .join(', ');
}

export function findingItem(
  finding: AnalysisFinding,
  briefs: Briefs,
  open?: (id: string) => void,
): HTMLElement {
  const primary = finding.objects[0];
  return h(
    'li',
    { class: `finding sev-${finding.severity}`, 'data-testid': 'finding' },
    h('span', { class: `badge sev-${finding.severity}` }, finding.severity),
    ' ',
    h('strong', {}, finding.title),
    finding.onAttackPath
      ? h('span', { class: 'badge on-path' }, 'on an attack path')
      : null,
    h('div', {}, finding.message),
    primary === undefined || open === undefined
      ? null
      : h('div', { class: 'muted' }, nodeLink(primary, briefs, open)),
    h(
      'details',
      {},
      h('summary', {}, 'remediation'),
      h('p', {}, finding.remediation),
    ),
  );
}

export function nodeDetails(
  info: NodeResponse,
  profile: ProfileResponse | undefined,
  actions: NodeActions,
  blast?: { total: number; reachedByKind: Readonly<Record<string, number>> },
): HTMLElement {
  const { node } = info;
  const briefs = profile?.briefs ?? {};
  const label = labelOf(node.id, briefs);
  const button = (
    text: string,
    testid: string,
    run: (id: string) => void,
  ): HTMLElement =>
    h(
      'button',
      {
        'data-testid': testid,
        onclick: () => {
          run(node.id);
        },
      },
      text,
    );
  const permissions = profile?.permissions;
  const own = permissions?.grants.filter(g => !g.builtIn) ?? [];
  const builtIn = permissions?.grants.filter(g => g.builtIn) ?? [];
  const grantRows = (grants: typeof own) =>
    h(
      'ul',
      { class: 'grants' },
      ...grants.map(g =>
        h(
          'li',
          { 'data-testid': 'grant' },
          h('code', {}, g.role),
          ` ${g.scope === 'cluster' ? 'cluster-wide' : `in namespace ${g.scope}`} through `,
          h('code', {}, g.binding),
          h(
            'ul',
            { class: 'rules' },
            ...g.rules.map(rule =>
              h('li', { 'data-testid': 'rule' }, ruleText(rule)),
            ),
          ),
        ),
      ),
    );
  return h(
    'section',
    { class: 'node', 'data-testid': 'node-details' },
    h('h2', {}, h('span', { class: 'kind' }, node.kind), ' ', label),
    h(
      'p',
      { class: 'muted' },
      h('code', {}, node.id),
      ` · in ${String(info.inDegree)}, out ${String(info.outDegree)} edges`,
    ),
    h(
      'div',
      { class: 'fix-actions node-menu' },
      button('Neighbourhood', 'show-neighbourhood', actions.neighbourhood),
      button('Blast radius', 'show-blast', actions.blastRadius),
      button('Start a path here', 'start-here', actions.startHere),
      button('End a path here', 'end-here', actions.endHere),
      button('Note…', 'note-node', actions.note),
    ),
    blast === undefined
      ? null
      : h(
          'p',
          { 'data-testid': 'blast-summary' },
          `Reaches ${String(blast.total)} nodes: ${byKindText(blast.reachedByKind)}`,
        ),
    profile === undefined
      ? h('p', { class: 'busy' }, 'Loading what it can do…')
      : h(
          'div',
          { class: 'profile' },
          h('h3', {}, 'What can it do?'),
          profile.reaches.criticalAssets.length === 0
            ? h(
                'p',
                { 'data-testid': 'reaches-none' },
                `It reaches no critical asset (${plural(profile.reaches.total, 'node')} in all).`,
              )
            : h(
                'div',
                {},
                h(
                  'p',
                  {},
                  `It reaches ${plural(profile.reaches.criticalAssets.length, 'critical asset')}`,
                  ` (and ${plural(profile.reaches.total, 'node')} in all: ${byKindText(profile.reaches.byKind)}):`,
                ),
                h(
                  'ol',
                  { class: 'reached', 'data-testid': 'reachable-assets' },
                  ...profile.reaches.criticalAssets.map(asset =>
                    h(
                      'li',
                      { 'data-testid': 'reachable-asset', 'data-id': asset.id },
                      nodeLink(asset.id, briefs, actions.open),
                      ` in ${plural(asset.distance, 'step')} `,
                      h(
                        'button',
                        {
                          class: 'link',
                          onclick: () => {
                            actions.pathBetween(node.id, asset.id);
                          },
                        },
                        'show path',
                      ),
                    ),
                  ),
                ),
              ),
          permissions === undefined
            ? null
            : h(
                'div',
                { 'data-testid': 'permissions' },
                h(
                  'h3',
                  {},
                  'Effective permissions',
                  permissions.clusterAdmin
                    ? h('span', { class: 'badge bad' }, 'cluster-admin')
                    : null,
                ),
                permissions.holder === node.id
                  ? null
                  : h(
                      'p',
                      { class: 'muted' },
                      'Acts with ',
                      nodeLink(permissions.holder, briefs, actions.open),
                    ),
                own.length === 0
                  ? h('p', {}, 'Only the built-in grants.')
                  : grantRows(own),
                builtIn.length === 0
                  ? null
                  : h(
                      'details',
                      {},
                      h(
                        'summary',
                        {},
                        `${plural(builtIn.length, 'built-in grant')} (system: bindings)`,
                      ),
                      grantRows(builtIn),
                    ),
              ),
          h('h3', {}, `Findings on it (${String(profile.findings.length)})`),
          profile.findings.length === 0
            ? h('p', {}, 'None.')
            : h(
                'ul',
                { class: 'findings' },
                ...profile.findings.map(f => findingItem(f, briefs)),
              ),
          h('h3', {}, 'Who can reach it?'),
          h(
            'p',
            {},
            `${plural(profile.reachedBy.total, 'node')} can reach it`,
            profile.reachedBy.total === 0
              ? '.'
              : `: ${byKindText(profile.reachedBy.byKind)}.`,
          ),
          profile.reachedBy.entryPoints.length === 0
            ? null
            : h(
                'ol',
                { class: 'reached', 'data-testid': 'reached-by' },
                ...profile.reachedBy.entryPoints.slice(0, 50).map(entry =>
                  h(
                    'li',
                    {},
                    nodeLink(entry.id, briefs, actions.open),
                    ` in ${plural(entry.distance, 'step')} `,
                    h(
                      'button',
                      {
                        class: 'link',
                        onclick: () => {
                          actions.pathBetween(entry.id, node.id);
                        },
                      },
                      'show path',
                    ),
                  ),
                ),
              ),
        ),
    node.props === undefined
      ? null
      : h(
          'details',
          {},
          h('summary', {}, 'facts'),
          h('pre', {}, JSON.stringify(node.props, null, 2)),
        ),
    h(
      'details',
      {},
      h(
        'summary',
        {},
        'raw object (as read; secret values are never collected)',
      ),
      h(
        'pre',
        { 'data-testid': 'raw-object' },
        info.object === null
          ? '(no Kubernetes object: a synthetic node)'
          : JSON.stringify(info.object, null, 2),
      ),
    ),
  );
}
