/**
 * Mounts the viewer and wires its events: loads the analysis from
 * `chokepoint serve`, renders the tabs, sends what-if toggles to the server
 * (which reruns the engine with the fixes applied), and keeps the session.
 * Test builds (vite --mode test) expose the cytoscape instance as window.cy.
 */

import { entryClass } from '@chokepoint/engine';
import type { AnalysisResult, AttackPath } from '@chokepoint/engine';
import type { EventObject, NodeSingular } from 'cytoscape';
import { api } from './api.ts';
import type {
  AnalysisResponse,
  Decision,
  FacetsResponse,
  NodeSummary,
  Session,
  Subgraph,
} from '@chokepoint/viewer-api';
import { download, h, replaceChildren } from './dom.ts';
import { createGraphView } from './graph-view.ts';
import {
  aggregateDetails,
  commentForm,
  edgeDetails,
  explorePanel,
  nodeDetails,
  overviewPanel,
  pathDetails,
  pathsPanel,
  sessionPanel,
  whatIfPanel,
} from './panels.ts';
import type { ChokepointActions } from './panels.ts';
import { pathElements, subgraphElements } from './to-elements.ts';
import type { Aggregate } from './to-elements.ts';
import {
  chokepointRow,
  decisionsMarkdown,
  emptySession,
  overview,
  parseSession,
  pathKey,
  pathsTouching,
  pathTitle,
  removeDecision,
  upsertDecision,
  whatIfDelta,
} from './view-model.ts';
import type { ChokepointRow } from './view-model.ts';

declare const __EXPOSE_CY__: boolean;

type Tab = 'overview' | 'paths' | 'whatif' | 'explore' | 'session';
const TABS: readonly [Tab, string][] = [
  ['overview', 'Overview'],
  ['paths', 'Attack paths'],
  ['whatif', 'What-if'],
  ['explore', 'Explore'],
  ['session', 'Session'],
];

interface PathFilterState {
  readonly label: string;
  readonly test: (path: AttackPath) => boolean;
}

const root = document.getElementById('app') ?? document.body;

async function start(): Promise<void> {
  let base: AnalysisResponse = await api.analysis();
  let current: AnalysisResult = base.result;
  let whatIf = new Set<string>();
  let whatIfBusy = false;
  let whatIfMs: number | undefined;
  let whatIfSeq = 0;
  let tab: Tab = 'overview';
  let session: Session = emptySession(base.cluster, base.inputs);
  let sessionStatus = '';
  let pathFilter: PathFilterState | undefined;
  let facets: FacetsResponse | undefined;
  let query = { q: '', namespace: '', kind: '' };
  let results: { total: number; nodes: readonly NodeSummary[] } | undefined;
  let aggregates = new Map<string, Aggregate>();
  let edgesById = new Map<string, Subgraph['edges'][number]>();

  const header = h('header', {});
  const nav = h('nav', {});
  const left = h('aside', { class: 'left' });
  const canvas = h('div', { class: 'canvas', 'data-testid': 'canvas' });
  const hint = h('div', { class: 'canvas-hint' });
  const details = h('aside', { class: 'details', 'data-testid': 'details' });
  replaceChildren(
    root,
    header,
    nav,
    h('main', {}, left, h('div', { class: 'graph' }, canvas, hint), details),
  );
  const view = createGraphView(canvas);
  if (__EXPOSE_CY__) (window as unknown as { cy: unknown }).cy = view.cy;

  const entries = (): Set<string> => new Set(current.entryPoints);
  const critical = (): Set<string> => new Set(current.criticalAssets);
  const planned = (): Set<string> =>
    new Set(
      session.decisions.filter(d => d.type === 'plan-fix').map(d => d.key),
    );
  const accepted = (): Set<string> =>
    new Set(
      session.decisions.filter(d => d.type === 'accept-path').map(d => d.key),
    );
  const allFixRows = (): ChokepointRow[] =>
    base.result.chokepoints.map(chokepointRow);

  function renderHeader(): void {
    const s = current.summary;
    replaceChildren(
      header,
      h('h1', {}, 'Chokepoint'),
      h('span', { class: 'cluster' }, base.cluster),
      h(
        'span',
        { class: `exposure ${s.exposedEntryPoints > 0 ? 'bad' : 'good'}` },
        h(
          'strong',
          { 'data-testid': 'exposed-count' },
          String(s.exposedEntryPoints),
        ),
        ` / ${String(s.entryPoints)} entry points exposed`,
      ),
      whatIf.size > 0
        ? h(
            'span',
            { class: 'badge whatif', 'data-testid': 'whatif-on' },
            `what-if: ${String(whatIf.size)} fix${whatIf.size === 1 ? '' : 'es'} applied`,
          )
        : null,
      whatIfBusy ? h('span', { class: 'busy' }, 'recomputing…') : null,
      base.phase === 'error'
        ? h(
            'span',
            { class: 'error' },
            `choke points failed: ${base.error ?? ''}`,
          )
        : null,
    );
  }

  function renderNav(): void {
    replaceChildren(
      nav,
      ...TABS.map(([id, label]) =>
        h(
          'button',
          {
            class: id === tab ? 'active' : '',
            'data-testid': `tab-${id}`,
            onclick: () => {
              tab = id;
              render();
            },
          },
          label,
        ),
      ),
    );
  }

  const fixActions: ChokepointActions = {
    showPaths: row => {
      const chokepoint = base.result.chokepoints.find(
        c => c.fix.id === row.fixId,
      );
      if (chokepoint === undefined) return;
      pathFilter = {
        label: `through ${row.target}`,
        test: path => pathsTouching([path], chokepoint.fix).length > 0,
      };
      tab = 'paths';
      render();
      const paths = filteredPaths();
      if (paths.length > 0) openPaths(paths.slice(0, 40));
    },
    toggle: (fixId, on) => {
      const next = new Set(whatIf);
      if (on) next.add(fixId);
      else next.delete(fixId);
      void applyWhatIf(next);
    },
    plan: row => {
      const existing = session.decisions.find(
        d => d.type === 'plan-fix' && d.key === row.fixId,
      );
      replaceChildren(
        details,
        h(
          'section',
          {},
          h('h2', {}, `Fix #${String(row.rank)}`),
          h('p', {}, row.description),
          h('p', {}, row.explanation),
          commentForm(
            'Mark fix planned',
            existing,
            comment => {
              decide({
                type: 'plan-fix',
                key: row.fixId,
                label: row.description,
                comment,
                at: new Date().toISOString(),
              });
            },
            () => {
              session = {
                ...session,
                decisions: removeDecision(
                  session.decisions,
                  'plan-fix',
                  row.fixId,
                ),
              };
              render();
            },
          ),
        ),
      );
    },
  };

  function decide(decision: Decision): void {
    session = {
      ...session,
      decisions: upsertDecision(session.decisions, decision),
    };
    sessionStatus = 'unsaved changes';
    render();
  }

  async function applyWhatIf(next: Set<string>): Promise<void> {
    whatIf = next;
    session = { ...session, whatIf: [...next] };
    const seq = ++whatIfSeq;
    whatIfBusy = true;
    render();
    try {
      const answer = await api.whatIf([...next]);
      if (seq !== whatIfSeq) return;
      current = answer.result;
      whatIfMs = answer.ms;
    } catch (error) {
      if (seq === whatIfSeq)
        hint.textContent = `what-if failed: ${(error as Error).message}`;
    } finally {
      if (seq === whatIfSeq) {
        whatIfBusy = false;
        render();
        markCut();
      }
    }
  }

  function filteredPaths(): AttackPath[] {
    return current.paths.filter(p => pathFilter?.test(p) ?? true);
  }

  let opened: readonly AttackPath[] = [];
  /** Dims the drawn paths whose entry point the what-if leaves with no path. */
  function markCut(): void {
    const still = new Set(current.paths.map(p => p.from));
    const cut = opened.filter(p => !still.has(p.from));
    view.cy.elements().removeClass('cut');
    for (const path of cut) {
      for (const step of path.steps)
        view.cy
          .getElementById(`${step.from}|${step.kind}|${step.to}`)
          .addClass('cut');
    }
    if (cut.length > 0)
      hint.textContent = `${String(cut.length)} of the drawn paths cut by the what-if fixes`;
  }

  function openPaths(paths: readonly AttackPath[]): void {
    opened = paths;
    aggregates = new Map();
    edgesById = new Map(
      paths.flatMap(p =>
        p.steps.map(
          s =>
            [
              `${s.from}|${s.kind}|${s.to}`,
              { ...s, traversable: true },
            ] as const,
        ),
      ),
    );
    view.show(
      pathElements(paths, { entries: entries(), critical: critical() }),
      'preset',
    );
    hint.textContent =
      paths.length === 1 && paths[0]
        ? `Path ${pathTitle(paths[0])}`
        : `${String(paths.length)} paths, entry on the left`;
    const only = paths.length === 1 ? paths[0] : undefined;
    const key = only ? pathKey(only) : '';
    replaceChildren(
      details,
      pathDetails(
        paths,
        session.decisions.find(d => d.type === 'accept-path' && d.key === key),
        comment => {
          if (only)
            decide({
              type: 'accept-path',
              key,
              label: pathTitle(only),
              comment,
              at: new Date().toISOString(),
            });
          openPaths(paths);
        },
        () => {
          session = {
            ...session,
            decisions: removeDecision(session.decisions, 'accept-path', key),
          };
          render();
          openPaths(paths);
        },
      ),
    );
  }

  function showSubgraph(
    subgraph: Subgraph,
    layout: 'concentric' | 'tree',
    what: string,
  ): void {
    opened = [];
    const {
      elements,
      aggregates: folded,
      truncated,
    } = subgraphElements(subgraph, {
      entries: entries(),
      critical: critical(),
    });
    aggregates = new Map(folded.map(a => [a.id, a]));
    edgesById = new Map(
      subgraph.edges.map(e => [`${e.from}|${e.kind}|${e.to}`, e]),
    );
    view.show(elements, layout, subgraph.center);
    hint.textContent = `${what} of ${subgraph.center}: ${String(subgraph.total)} nodes, ${String(view.cy.nodes().length)} drawn${truncated ? ' (cut to the element budget)' : ''}`;
  }

  async function selectNode(
    id: string,
    show: 'neighbourhood' | 'blast' | 'none' = 'neighbourhood',
  ): Promise<void> {
    const aggregate = aggregates.get(id);
    if (aggregate) {
      replaceChildren(
        details,
        aggregateDetails(
          aggregate,
          (namespace, kind) => {
            tab = 'explore';
            void runSearch('', namespace, kind);
          },
          member => {
            void selectNode(member);
          },
        ),
      );
      return;
    }
    try {
      const info = await api.node(id);
      let blast: Subgraph | undefined;
      if (show === 'neighbourhood')
        showSubgraph(
          await api.neighbourhood(id),
          'concentric',
          'Neighbourhood',
        );
      if (show === 'blast') {
        blast = await api.blastRadius(id);
        showSubgraph(blast, 'tree', 'Blast radius');
      }
      replaceChildren(
        details,
        nodeDetails(
          info,
          {
            neighbourhood: node => {
              void selectNode(node, 'neighbourhood');
            },
            blastRadius: node => {
              void selectNode(node, 'blast');
            },
            pathFrom: node => {
              pathFilter = {
                label: `from ${node}`,
                test: p =>
                  p.from === node || p.steps.some(s => s.from === node),
              };
              tab = 'paths';
              render();
            },
          },
          blast === undefined
            ? undefined
            : { total: blast.total, reachedByKind: blast.reachedByKind ?? {} },
        ),
      );
    } catch (error) {
      replaceChildren(
        details,
        h('p', { class: 'error' }, (error as Error).message),
      );
    }
  }

  let searchSeq = 0;
  async function runSearch(
    q: string,
    namespace: string,
    kind: string,
  ): Promise<void> {
    query = { q, namespace, kind };
    const seq = ++searchSeq;
    facets ??= await api.facets();
    const answer = await api.search(q, namespace, kind);
    if (seq !== searchSeq) return;
    results = answer;
    render();
    const box = left.querySelector<HTMLInputElement>('input[type=search]');
    if (box && document.activeElement !== box && tab === 'explore') {
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    }
  }

  function renderLeft(): void {
    if (tab === 'overview') {
      replaceChildren(
        left,
        overviewPanel(
          overview(current, base.result.chokepoints),
          base.phase,
          whatIf,
          planned(),
          {
            ...fixActions,
            showClass: id => {
              pathFilter = {
                label: `from ${id} entry points`,
                test: p => entryClass(p.from) === id,
              };
              tab = 'paths';
              render();
              const paths = filteredPaths();
              if (paths.length > 0) openPaths(paths.slice(0, 40));
            },
            showAsset: id => {
              pathFilter = { label: `to ${id}`, test: p => p.to === id };
              tab = 'paths';
              render();
              const paths = filteredPaths();
              if (paths.length > 0) openPaths(paths.slice(0, 40));
            },
          },
        ),
      );
    } else if (tab === 'paths') {
      replaceChildren(
        left,
        pathsPanel(
          current,
          filteredPaths(),
          pathFilter?.label ?? '',
          accepted(),
          {
            open: paths => {
              openPaths(paths);
            },
            find: (from, to) => {
              void api.path(from, to).then(path => {
                if (path === null) {
                  replaceChildren(
                    details,
                    h(
                      'p',
                      { 'data-testid': 'no-path' },
                      `No attack path from ${from} to ${to}.`,
                    ),
                  );
                } else openPaths([path]);
              });
            },
            clear: () => {
              pathFilter = undefined;
              render();
            },
          },
        ),
      );
    } else if (tab === 'whatif') {
      replaceChildren(
        left,
        whatIfPanel(
          allFixRows(),
          whatIf.size > 0 ? whatIfDelta(base.result, current) : undefined,
          whatIfBusy,
          whatIfMs,
          whatIf,
          planned(),
          {
            ...fixActions,
            reset: () => {
              void applyWhatIf(new Set());
            },
          },
        ),
      );
    } else if (tab === 'explore') {
      replaceChildren(
        left,
        explorePanel(facets, query, results, {
          // Only the field that changed: a panel replaced by a re-render
          // may still fire its typing timer, and must not undo a filter.
          search: change => {
            const next = { ...query, ...change };
            void runSearch(next.q, next.namespace, next.kind);
          },
          typing: q => {
            query = { ...query, q };
          },
          select: id => {
            void selectNode(id);
          },
        }),
      );
      if (facets === undefined)
        void runSearch(query.q, query.namespace, query.kind);
    } else {
      replaceChildren(
        left,
        sessionPanel(session, base.sessionFile, sessionStatus, {
          save: () => {
            session = {
              ...session,
              savedAt: new Date().toISOString(),
              whatIf: [...whatIf],
            };
            api.saveSession(session).then(
              ok => {
                sessionStatus = `saved to ${ok.saved}`;
                render();
              },
              (error: unknown) => {
                sessionStatus = `save failed: ${(error as Error).message}`;
                render();
              },
            );
          },
          load: () => {
            api.loadSession().then(
              value => {
                session = parseSession(value);
                sessionStatus = `loaded (${String(session.decisions.length)} decisions, saved ${session.savedAt})`;
                void applyWhatIf(
                  new Set(
                    session.whatIf.filter(id =>
                      base.result.chokepoints.some(c => c.fix.id === id),
                    ),
                  ),
                );
              },
              (error: unknown) => {
                sessionStatus = `load failed: ${(error as Error).message}`;
                render();
              },
            );
          },
          png: () => {
            void view.png().then(blob => {
              download(`chokepoint-${base.cluster}.png`, blob);
            });
          },
          markdown: () => {
            download(
              `chokepoint-${base.cluster}-decisions.md`,
              new Blob([decisionsMarkdown(session, current)], {
                type: 'text/markdown',
              }),
            );
          },
          remove: d => {
            session = {
              ...session,
              decisions: removeDecision(session.decisions, d.type, d.key),
            };
            sessionStatus = 'unsaved changes';
            render();
          },
        }),
      );
    }
  }

  function render(): void {
    renderHeader();
    renderNav();
    renderLeft();
  }

  view.onTapNode(id => {
    void selectNode(id, 'none');
  });
  view.cy.on('dbltap', 'node', (event: EventObject) => {
    const id = (event.target as NodeSingular).id();
    if (!aggregates.has(id)) void selectNode(id, 'neighbourhood');
  });
  view.onTapEdge(id => {
    const edge = edgesById.get(id);
    if (edge) replaceChildren(details, edgeDetails(edge));
  });

  render();
  const first = current.paths[0];
  if (first) openPaths([first]);
  else
    hint.textContent =
      'No attack path reaches a critical asset. Use Explore to look around.';

  // Choke points are measured in the background on the server: pick them up.
  const poll = async (): Promise<void> => {
    while (base.phase === 'quick') {
      await new Promise(done => setTimeout(done, 1000));
      const next = await api.analysis();
      if (next.phase !== 'quick') {
        base = next;
        if (whatIf.size === 0) current = next.result;
        render();
      }
    }
  };
  void poll();
}

start().catch((error: unknown) => {
  replaceChildren(
    root,
    h(
      'p',
      { class: 'error' },
      `Cannot load the analysis: ${(error as Error).message}`,
    ),
  );
});
