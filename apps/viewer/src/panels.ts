/**
 * The viewer's panels as DOM, built from the view models: overview, paths
 * and their steps, what-if, explore, session. Each takes its data and the
 * callbacks to wire; none fetches or keeps state (main.ts does).
 */

import type { AnalysisResult, AttackPath } from '@chokepoint/engine';
import type {
  Decision,
  FacetsResponse,
  NodeResponse,
  NodeSummary,
  Session,
} from '@chokepoint/viewer-api';
import { h } from './dom.ts';
import type { Aggregate } from './to-elements.ts';
import { nameOfId } from './to-elements.ts';
import type { ChokepointRow, Overview, WhatIfDelta } from './view-model.ts';
import { pathKey, pathTitle, stepView } from './view-model.ts';

export interface ChokepointActions {
  readonly showPaths: (row: ChokepointRow) => void;
  readonly toggle: (fixId: string, on: boolean) => void;
  readonly plan: (row: ChokepointRow) => void;
}

function percent(share: number): string {
  return `${String(Math.round(share * 100))}%`;
}

export function chokepointList(
  rows: readonly ChokepointRow[],
  whatIf: ReadonlySet<string>,
  planned: ReadonlySet<string>,
  actions: ChokepointActions,
): HTMLElement {
  return h(
    'ol',
    { class: 'chokepoints' },
    ...rows.map(row =>
      h(
        'li',
        { 'data-testid': 'chokepoint', 'data-fix': row.fixId },
        h(
          'div',
          { class: 'fix-title' },
          h('span', { class: 'rank' }, `#${String(row.rank)}`),
          ' ',
          row.description,
          planned.has(row.fixId)
            ? h('span', { class: 'badge planned' }, 'planned')
            : null,
        ),
        h(
          'div',
          { class: 'fix-effect' },
          `cuts ${String(row.entriesCut)} entry point${row.entriesCut === 1 ? '' : 's'}, `,
          `${String(row.exposedAfter)} stay exposed; on ${percent(row.pathShare)} of paths`,
        ),
        h(
          'div',
          { class: 'fix-actions' },
          h(
            'label',
            { class: 'toggle' },
            h('input', {
              type: 'checkbox',
              'data-testid': 'whatif-toggle',
              'data-fix': row.fixId,
              checked: whatIf.has(row.fixId),
              onchange: (event: Event) => {
                actions.toggle(
                  row.fixId,
                  (event.target as HTMLInputElement).checked,
                );
              },
            }),
            ' what-if',
          ),
          h(
            'button',
            {
              onclick: () => {
                actions.showPaths(row);
              },
            },
            'Paths it cuts',
          ),
          h(
            'button',
            {
              onclick: () => {
                actions.plan(row);
              },
            },
            'Plan fix…',
          ),
        ),
      ),
    ),
  );
}

export function overviewPanel(
  model: Overview,
  phase: string,
  whatIf: ReadonlySet<string>,
  planned: ReadonlySet<string>,
  actions: ChokepointActions & {
    readonly showClass: (id: string) => void;
    readonly showAsset: (id: string) => void;
  },
): HTMLElement {
  return h(
    'section',
    { class: 'overview', 'data-testid': 'overview' },
    h(
      'p',
      { class: 'headline' },
      h('strong', { 'data-testid': 'overview-exposed' }, String(model.exposed)),
      ` of ${String(model.entryPoints)} entry points reach a critical asset (${String(model.criticalAssets)} assets).`,
    ),
    h('h3', {}, 'Exposure by entry class'),
    h(
      'table',
      { class: 'classes' },
      ...model.byClass.map(c =>
        h(
          'tr',
          {
            class: c.exposed > 0 ? 'exposed' : 'safe',
            'data-testid': `class-${c.id}`,
            onclick: () => {
              actions.showClass(c.id);
            },
          },
          h('td', {}, c.label),
          h('td', { class: 'num' }, String(c.exposed)),
        ),
      ),
    ),
    h('h3', {}, 'Critical assets at risk'),
    model.assetsAtRisk.length === 0
      ? h('p', {}, 'None reached.')
      : h(
          'ul',
          { class: 'assets' },
          ...model.assetsAtRisk.map(a =>
            h(
              'li',
              {
                'data-testid': 'asset',
                onclick: () => {
                  actions.showAsset(a.id);
                },
              },
              h('code', {}, a.id),
              ` ${String(a.paths)} path${a.paths === 1 ? '' : 's'}, shortest ${String(a.shortest)} step${a.shortest === 1 ? '' : 's'}`,
            ),
          ),
        ),
    h('h3', {}, 'Top choke points'),
    phase === 'quick'
      ? h(
          'p',
          { class: 'busy', 'data-testid': 'measuring' },
          'Measuring choke points (each fix is applied and the analysis rerun)…',
        )
      : model.chokepoints.length === 0
        ? h('p', {}, 'No fix cuts a path.')
        : chokepointList(model.chokepoints, whatIf, planned, actions),
  );
}

export interface PathFilter {
  readonly from?: string;
  readonly to?: string;
  readonly entryClass?: string;
  readonly fix?: string;
}

export function pathsPanel(
  result: AnalysisResult,
  paths: readonly AttackPath[],
  filterLabel: string,
  accepted: ReadonlySet<string>,
  actions: {
    readonly open: (paths: readonly AttackPath[]) => void;
    readonly find: (from: string, to: string) => void;
    readonly clear: () => void;
  },
): HTMLElement {
  const exposed = new Set(result.paths.map(p => p.from));
  // Exposed entries first, then the rest, capped: a large cluster has an
  // entry point per container.
  const choices = [
    ...result.entryPoints.filter(id => exposed.has(id)),
    ...result.entryPoints.filter(id => !exposed.has(id)),
  ].slice(0, 500);
  const entrySelect = h(
    'select',
    { 'data-testid': 'path-from' },
    ...choices.map(id => h('option', { value: id }, id)),
  ) as HTMLSelectElement;
  const first = result.entryPoints.find(id => exposed.has(id));
  if (first !== undefined) entrySelect.value = first;
  const targetSelect = h(
    'select',
    { 'data-testid': 'path-to' },
    ...result.criticalAssets.map(id => h('option', { value: id }, id)),
  ) as HTMLSelectElement;
  return h(
    'section',
    { class: 'paths' },
    h(
      'div',
      { class: 'finder' },
      h('label', {}, 'Entry ', entrySelect),
      h('label', {}, 'Target ', targetSelect),
      h(
        'button',
        {
          onclick: () => {
            actions.find(entrySelect.value, targetSelect.value);
          },
        },
        'Shortest path',
      ),
    ),
    h(
      'p',
      { class: 'filter' },
      `${String(paths.length)} path${paths.length === 1 ? '' : 's'} ${filterLabel}`,
      filterLabel === ''
        ? null
        : h('button', { onclick: actions.clear }, 'show all'),
      paths.length > 1
        ? h(
            'button',
            {
              onclick: () => {
                actions.open(paths.slice(0, 40));
              },
            },
            'draw together',
          )
        : null,
    ),
    h(
      'ul',
      { class: 'path-list' },
      ...paths.slice(0, 300).map(path =>
        h(
          'li',
          {
            'data-testid': 'path',
            'data-from': path.from,
            onclick: () => {
              actions.open([path]);
            },
          },
          h('span', { class: 'path-title' }, pathTitle(path)),
          ` ${String(path.length)} steps, ${path.confidence}`,
          accepted.has(pathKey(path))
            ? h('span', { class: 'badge accepted' }, 'accepted')
            : null,
        ),
      ),
    ),
  );
}

export function commentForm(
  label: string,
  existing: Decision | undefined,
  onSave: (comment: string) => void,
  onRemove?: () => void,
): HTMLElement {
  const area = h('textarea', {
    rows: 2,
    placeholder: 'comment (who, why, until when)',
    'data-testid': 'comment',
    value: existing?.comment ?? '',
  }) as HTMLTextAreaElement;
  return h(
    'div',
    { class: 'decision' },
    area,
    h(
      'button',
      {
        'data-testid': 'decide',
        onclick: () => {
          onSave(area.value);
        },
      },
      existing ? `Update: ${label}` : label,
    ),
    existing && onRemove ? h('button', { onclick: onRemove }, 'Undo') : null,
  );
}

export function pathDetails(
  paths: readonly AttackPath[],
  decision: Decision | undefined,
  onAccept: (comment: string) => void,
  onUndo: () => void,
): HTMLElement {
  if (paths.length !== 1) {
    return h(
      'section',
      {},
      h('h2', {}, `${String(paths.length)} paths`),
      h('p', {}, 'Click a path in the list to see its steps and evidence.'),
    );
  }
  const path = paths[0];
  if (path === undefined) return h('section', {});
  return h(
    'section',
    { class: 'steps', 'data-testid': 'path-details' },
    h('h2', {}, pathTitle(path)),
    h(
      'p',
      {},
      h('code', {}, path.from),
      ' → ',
      h('code', {}, path.to),
      ` (${String(path.length)} steps, confidence ${path.confidence})`,
    ),
    commentForm('Accept as risk', decision, onAccept, onUndo),
    h(
      'ol',
      {},
      ...path.steps.map((step, i) => {
        const view = stepView(step, i);
        return h(
          'li',
          { 'data-testid': 'step', 'data-kind': view.kind },
          h(
            'div',
            { class: 'step-head' },
            h('strong', {}, view.kind),
            ' ',
            view.docHref === undefined
              ? null
              : h(
                  'a',
                  {
                    href: view.docHref,
                    target: '_blank',
                    rel: 'noopener',
                    'data-testid': 'doc-link',
                  },
                  'technique doc',
                ),
            h(
              'span',
              { class: `confidence ${view.confidence}` },
              view.confidence,
            ),
          ),
          h(
            'div',
            { class: 'does' },
            'Attacker: ',
            view.technique,
            view.mitre.length > 0
              ? ` (${view.tactic}, ${view.mitre.join(', ')})`
              : '',
          ),
          h(
            'div',
            { class: 'hop' },
            nameOfId(view.from),
            ' → ',
            nameOfId(view.to),
          ),
          view.why === ''
            ? null
            : h('div', { class: 'why' }, 'Why it works: ', view.why),
          view.object === undefined
            ? null
            : h(
                'div',
                { class: 'object' },
                'Object: ',
                h('code', {}, view.object),
                view.fields.length > 0 ? ` (${view.fields.join(', ')})` : '',
              ),
          h(
            'details',
            {},
            h('summary', {}, 'evidence'),
            h('pre', {}, JSON.stringify(view.evidence, null, 2)),
          ),
        );
      }),
    ),
  );
}

export function whatIfPanel(
  rows: readonly ChokepointRow[],
  delta: WhatIfDelta | undefined,
  busy: boolean,
  ms: number | undefined,
  whatIf: ReadonlySet<string>,
  planned: ReadonlySet<string>,
  actions: ChokepointActions & { readonly reset: () => void },
): HTMLElement {
  return h(
    'section',
    { class: 'whatif' },
    h(
      'p',
      { class: 'headline' },
      delta === undefined
        ? 'Toggle fixes to see what they change. Every toggle reruns the engine on the input with the fixes applied.'
        : h(
            'span',
            {},
            'Exposed entry points: ',
            h('strong', {}, String(delta.before)),
            ' → ',
            h('strong', { 'data-testid': 'whatif-after' }, String(delta.after)),
            delta.cut.length > 0 ? ` (${String(delta.cut.length)} cut)` : '',
          ),
      busy
        ? h(
            'span',
            { class: 'busy', 'data-testid': 'whatif-busy' },
            ' recomputing…',
          )
        : null,
      !busy && ms !== undefined
        ? h('span', { class: 'ms' }, ` recomputed in ${String(ms)} ms`)
        : null,
    ),
    delta === undefined
      ? null
      : h(
          'table',
          { class: 'classes' },
          ...delta.byClass.map(c =>
            h(
              'tr',
              {},
              h('td', {}, c.label),
              h(
                'td',
                { class: 'num' },
                `${String(c.before)} → ${String(c.exposed)}`,
              ),
            ),
          ),
        ),
    whatIf.size > 0
      ? h('button', { onclick: actions.reset }, 'Clear all toggles')
      : null,
    rows.length === 0
      ? h('p', {}, 'No measured fixes yet.')
      : chokepointList(rows, whatIf, planned, actions),
  );
}

export function explorePanel(
  facets: FacetsResponse | undefined,
  query: { q: string; namespace: string; kind: string },
  results: { total: number; nodes: readonly NodeSummary[] } | undefined,
  actions: {
    readonly search: (
      change: Partial<{ q: string; namespace: string; kind: string }>,
    ) => void;
    /** Every keystroke, so a re-render keeps what is typed. */
    readonly typing: (q: string) => void;
    readonly select: (id: string) => void;
  },
): HTMLElement {
  const input = h('input', {
    type: 'search',
    placeholder: 'search by name or id',
    value: query.q,
    'data-testid': 'search',
  }) as HTMLInputElement;
  const ns = h(
    'select',
    { 'data-testid': 'filter-namespace' },
    h('option', { value: '' }, 'all namespaces'),
    ...(facets?.namespaces ?? []).map(([name, count]) =>
      h('option', { value: name }, `${name} (${String(count)})`),
    ),
  ) as HTMLSelectElement;
  ns.value = query.namespace;
  const kind = h(
    'select',
    { 'data-testid': 'filter-kind' },
    h('option', { value: '' }, 'all kinds'),
    ...(facets?.kinds ?? []).map(([name, count]) =>
      h('option', { value: name }, `${name} (${String(count)})`),
    ),
  ) as HTMLSelectElement;
  kind.value = query.kind;
  let timer: number | undefined;
  input.addEventListener('input', () => {
    actions.typing(input.value);
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      actions.search({ q: input.value });
    }, 150);
  });
  ns.addEventListener('change', () => {
    actions.search({ namespace: ns.value });
  });
  kind.addEventListener('change', () => {
    actions.search({ kind: kind.value });
  });
  return h(
    'section',
    { class: 'explore' },
    input,
    h('div', { class: 'filters' }, ns, kind),
    results === undefined
      ? null
      : h(
          'div',
          {},
          h(
            'p',
            { class: 'filter', 'data-testid': 'search-total' },
            `${String(results.total)} match${results.total === 1 ? '' : 'es'}${results.total > results.nodes.length ? `, first ${String(results.nodes.length)} shown` : ''}`,
          ),
          h(
            'ul',
            { class: 'results' },
            ...results.nodes.map(n =>
              h(
                'li',
                {
                  'data-testid': 'search-result',
                  'data-id': n.id,
                  onclick: () => {
                    actions.select(n.id);
                  },
                },
                h('span', { class: 'kind' }, n.kind),
                ' ',
                nameOfId(n.id),
              ),
            ),
          ),
        ),
  );
}

export function nodeDetails(
  info: NodeResponse,
  actions: {
    readonly neighbourhood: (id: string) => void;
    readonly blastRadius: (id: string) => void;
    readonly pathFrom: (id: string) => void;
  },
  blast?: { total: number; reachedByKind: Readonly<Record<string, number>> },
): HTMLElement {
  const { node } = info;
  return h(
    'section',
    { class: 'node', 'data-testid': 'node-details' },
    h(
      'h2',
      {},
      node.kind,
      ' ',
      node.namespace === undefined
        ? node.name
        : `${node.namespace}/${node.name}`,
    ),
    h(
      'p',
      {},
      h('code', {}, node.id),
      ` in ${String(info.inDegree)}, out ${String(info.outDegree)} edges`,
    ),
    h(
      'div',
      { class: 'fix-actions' },
      h(
        'button',
        {
          'data-testid': 'show-neighbourhood',
          onclick: () => {
            actions.neighbourhood(node.id);
          },
        },
        'Neighbourhood',
      ),
      h(
        'button',
        {
          'data-testid': 'show-blast',
          onclick: () => {
            actions.blastRadius(node.id);
          },
        },
        'Blast radius',
      ),
      h(
        'button',
        {
          onclick: () => {
            actions.pathFrom(node.id);
          },
        },
        'Paths from here',
      ),
    ),
    blast === undefined
      ? null
      : h(
          'p',
          { 'data-testid': 'blast-summary' },
          `Reaches ${String(blast.total)} nodes: `,
          Object.entries(blast.reachedByKind)
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => `${String(n)} ${k}`)
            .join(', '),
        ),
    node.props === undefined
      ? null
      : h(
          'details',
          { open: true },
          h('summary', {}, 'facts'),
          h('pre', {}, JSON.stringify(node.props, null, 2)),
        ),
    h(
      'details',
      { open: true },
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

export function aggregateDetails(
  aggregate: Aggregate,
  onFilter: (namespace: string, kind: string) => void,
  onSelect: (id: string) => void,
): HTMLElement {
  return h(
    'section',
    {},
    h('h2', {}, aggregate.label),
    h(
      'p',
      {},
      `Folded siblings of `,
      h('code', {}, aggregate.anchor),
      ` (${aggregate.direction === 'out' ? 'reached from it' : 'reaching it'}).`,
    ),
    h(
      'button',
      {
        onclick: () => {
          onFilter(aggregate.namespace ?? '', aggregate.kind);
        },
      },
      'List them in explore',
    ),
    h(
      'ul',
      { class: 'results' },
      ...aggregate.members.slice(0, 200).map(id =>
        h(
          'li',
          {
            onclick: () => {
              onSelect(id);
            },
          },
          id,
        ),
      ),
    ),
  );
}

export function edgeDetails(edge: {
  from: string;
  to: string;
  kind: string;
  confidence: string;
  evidence: Readonly<Record<string, unknown>>;
}): HTMLElement {
  return pathDetails(
    [
      {
        from: edge.from,
        to: edge.to,
        length: 1,
        confidence: edge.confidence as 'high',
        steps: [{ ...edge, confidence: edge.confidence as 'high' }],
      },
    ],
    undefined,
    () => undefined,
    () => undefined,
  );
}

export function sessionPanel(
  session: Session,
  sessionFile: string,
  status: string,
  actions: {
    readonly save: () => void;
    readonly load: () => void;
    readonly png: () => void;
    readonly markdown: () => void;
    readonly remove: (decision: Decision) => void;
  },
): HTMLElement {
  return h(
    'section',
    { class: 'session' },
    h('p', {}, 'Session file: ', h('code', {}, sessionFile)),
    h(
      'div',
      { class: 'fix-actions' },
      h(
        'button',
        { 'data-testid': 'session-save', onclick: actions.save },
        'Save',
      ),
      h(
        'button',
        { 'data-testid': 'session-load', onclick: actions.load },
        'Load',
      ),
      h(
        'button',
        { 'data-testid': 'export-png', onclick: actions.png },
        'Export view as PNG',
      ),
      h(
        'button',
        { 'data-testid': 'export-md', onclick: actions.markdown },
        'Export decisions as Markdown',
      ),
    ),
    status === ''
      ? null
      : h('p', { class: 'status', 'data-testid': 'session-status' }, status),
    h('h3', {}, `Decisions (${String(session.decisions.length)})`),
    session.decisions.length === 0
      ? h('p', {}, 'None yet: accept a path as risk or plan a fix.')
      : h(
          'ul',
          { class: 'decisions' },
          ...session.decisions.map(d =>
            h(
              'li',
              { 'data-testid': 'decision' },
              h(
                'span',
                {
                  class: `badge ${d.type === 'plan-fix' ? 'planned' : 'accepted'}`,
                },
                d.type === 'plan-fix' ? 'planned' : 'accepted',
              ),
              ' ',
              d.label,
              d.comment === ''
                ? null
                : h('div', { class: 'comment' }, d.comment),
              h(
                'button',
                {
                  onclick: () => {
                    actions.remove(d);
                  },
                },
                'remove',
              ),
            ),
          ),
        ),
  );
}
