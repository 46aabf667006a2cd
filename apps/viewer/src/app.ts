/**
 * The viewer's state and wiring: loads the analysis from `chokepoint
 * serve`, draws the worst path, renders the tabs, sends what-if toggles to
 * the server (which measures them from the analysis it holds), opens nodes,
 * edges and paths in the details panel, and keeps the session (saved to its
 * file, drafted in the browser until then). Panels build DOM; this module
 * owns state and calls the API.
 */

import type { AnalysisResult, AttackPath, PathStep } from '@chokepoint/engine';
import { entryClass } from '@chokepoint/engine';
import type {
  AnalysisResponse,
  WhatIfExposureResponse,
  Briefs,
  Decision,
  FacetsResponse,
  FindingsResponse,
  NodeSummary,
  QueryInfo,
  QueryResponse,
  Session,
  Subgraph,
} from '@chokepoint/viewer-api';
import { api } from './api.ts';
import { download, h, replaceChildren } from './dom.ts';
import { createGraphView } from './graph-view.ts';
import { kindAndLabel, labelOf } from './labels.ts';
import { legendElement, legendItems } from './legend.ts';
import { renderMarkdown } from './markdown.ts';
import type { DecisionInput } from './panels/common.ts';
import { decisionForm, plural } from './panels/common.ts';
import type { ExploreQuery } from './panels/explore.ts';
import { explorePanel } from './panels/explore.ts';
import type { FindingsFilter } from './panels/findings.ts';
import { findingsPanel } from './panels/findings.ts';
import { nodeDetails } from './panels/node.ts';
import { overviewPanel } from './panels/overview.ts';
import type { FinderState } from './panels/paths.ts';
import { pathFinder, pathsPanel } from './panels/paths.ts';
import { queriesPanel } from './panels/queries.ts';
import { sessionPanel } from './panels/session.ts';
import type { StepActions } from './panels/steps.ts';
import { edgeDetails, pathDetails } from './panels/steps.ts';
import { whatIfPanel } from './panels/whatif.ts';
import { typeahead } from './panels/common.ts';
import {
  addNote,
  emptySession,
  expiredDecisions,
  findDecision,
  removeDecision,
  removeNote,
  removeWhatIfSet,
  saveWhatIfSet,
  sessionMarkdown,
  upsertDecision,
} from './session-model.ts';
import { readDraft, writeDraft } from './session-store.ts';
import { pathElements, subgraphElements } from './to-elements.ts';
import type { Aggregate } from './to-elements.ts';
import type { ChokepointRow } from './view-model.ts';
import {
  chokepointRow,
  overview,
  pathsTouching,
  pathTitle,
  planSteps,
  rankPaths,
  whatIfDelta,
} from './view-model.ts';

declare const __EXPOSE_CY__: boolean;

type Tab =
  | 'overview'
  | 'paths'
  | 'whatif'
  | 'explore'
  | 'findings'
  | 'queries'
  | 'session';
const TABS: readonly [Tab, string][] = [
  ['overview', 'Overview'],
  ['paths', 'Attack paths'],
  ['whatif', 'What-if'],
  ['explore', 'Explore'],
  ['findings', 'Findings'],
  ['queries', 'Queries'],
  ['session', 'Session'],
];

interface PathFilterState {
  readonly label: string;
  readonly test: (path: AttackPath) => boolean;
}

/** What the canvas shows, for titles, the PNG and refreshing marks. */
type Drawing =
  | {
      readonly kind: 'paths';
      readonly paths: readonly AttackPath[];
      readonly briefs: Briefs;
      readonly title: string;
    }
  | {
      readonly kind: 'subgraph';
      readonly subgraph: Subgraph;
      readonly layout: 'concentric' | 'tree';
      readonly title: string;
    }
  | { readonly kind: 'none'; readonly title: string };

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export async function startApp(root: HTMLElement): Promise<void> {
  let base: AnalysisResponse = await api.analysis();
  let current: { result: AnalysisResult; briefs: Briefs } = base;
  let whatIf = new Set<string>();
  let whatIfBusy = false;
  /** The figures are in (from the incremental engine); the paths are not yet. */
  let pathsBusy = false;
  let whatIfMs: { server: number; wall: number; paths?: number } | undefined;
  let whatIfSeq = 0;
  /** Gives up the paths of the what-if before (before the choke points are measured the server stops its rerun). */
  let pathsWanted = new AbortController();
  let tab: Tab = 'overview';
  let session: Session = emptySession(base.cluster, base.inputs);
  let dirty = false;
  let sessionStatus = '';
  let pathFilter: PathFilterState | undefined;
  let facets: FacetsResponse | undefined;
  let query: ExploreQuery = { q: '', namespace: '', kind: '' };
  let results: { total: number; nodes: readonly NodeSummary[] } | undefined;
  let aggregates = new Map<string, Aggregate>();
  let edgesById = new Map<string, PathStep>();
  let drawing: Drawing = { kind: 'none', title: '' };
  let selection: { key: string; label: string } | undefined;
  const finder: FinderState = { mode: 'shortest', alternatives: 3 };
  const findingsFilter: FindingsFilter = {
    severity: '',
    check: '',
    q: '',
    onPath: false,
  };
  let findings: FindingsResponse | undefined;
  let queries: readonly QueryInfo[] | undefined;
  let queryAnswer: QueryResponse | undefined;
  let hiddenKinds = new Set<string>();
  let legendShown = false;

  const header = h('header', {});
  const nav = h('nav', {});
  const left = h('aside', { class: 'left' });
  const canvas = h('div', { class: 'canvas', 'data-testid': 'canvas' });
  const scroller = h('div', { class: 'scroller' }, canvas);
  const toolbar = h('div', { class: 'toolbar' });
  const hint = h('div', { class: 'canvas-hint', 'data-testid': 'canvas-hint' });
  const legendBox = h('div', { class: 'legend-box', hidden: true });
  const menu = h('div', {
    class: 'node-menu-popup',
    hidden: true,
    'data-testid': 'node-menu',
  });
  const details = h('aside', { class: 'details', 'data-testid': 'details' });
  const drawer = h('div', {
    class: 'drawer',
    hidden: true,
    'data-testid': 'doc-drawer',
  });
  replaceChildren(
    root,
    header,
    nav,
    h(
      'main',
      {},
      left,
      h('div', { class: 'graph' }, toolbar, hint, scroller, legendBox, menu),
      details,
    ),
    drawer,
  );
  const view = createGraphView(canvas);
  if (__EXPOSE_CY__) (window as unknown as { cy: unknown }).cy = view.cy;

  const entries = (): Set<string> => new Set(current.result.entryPoints);
  const critical = (): Set<string> => new Set(current.result.criticalAssets);
  const keysOf = (type: Decision['type']): Set<string> =>
    new Set(session.decisions.filter(d => d.type === type).map(d => d.key));
  const allBriefs = (): Briefs => ({ ...base.briefs, ...current.briefs });

  // ---------------------------------------------------------------------
  // Session: every change is drafted in the browser until saved.

  function changeSession(next: Session): void {
    session = next;
    dirty = true;
    sessionStatus = 'unsaved changes (kept in this browser until you save)';
    writeDraft(base.sessionFile, session, true);
    render();
    refreshDrawing();
  }

  function decide(
    type: Decision['type'],
    key: string,
    label: string,
    input: DecisionInput,
  ): void {
    changeSession({
      ...session,
      decisions: upsertDecision(session.decisions, {
        type,
        key,
        label,
        who: input.who,
        why: input.why,
        until: input.until,
        at: new Date().toISOString(),
      }),
    });
  }

  function withdraw(type: Decision['type'], key: string): void {
    changeSession({
      ...session,
      decisions: removeDecision(session.decisions, type, key),
    });
  }

  async function saveSession(): Promise<void> {
    const next = {
      ...session,
      savedAt: new Date().toISOString(),
      whatIf: [...whatIf],
    };
    try {
      const ok = await api.saveSession(next);
      session = next;
      dirty = false;
      writeDraft(base.sessionFile, session, false);
      sessionStatus = `saved to ${ok.saved}`;
    } catch (error) {
      sessionStatus = `save failed: ${(error as Error).message}`;
    }
    render();
  }

  async function loadSession(fromFile: boolean): Promise<void> {
    const draft = fromFile ? undefined : readDraft(base.sessionFile);
    let saved: Session | undefined;
    try {
      saved = await api.loadSession();
    } catch (error) {
      if (fromFile) sessionStatus = `load failed: ${(error as Error).message}`;
    }
    if (draft?.dirty === true) {
      session = draft.session;
      dirty = true;
      sessionStatus = `restored unsaved changes from ${new Date(draft.at).toLocaleString()} (not in the file yet: Save keeps them)`;
    } else if (saved !== undefined) {
      session = saved;
      dirty = false;
      writeDraft(base.sessionFile, session, false);
      sessionStatus = `loaded ${plural(session.decisions.length, 'decision')} and ${plural(session.notes.length, 'note')} saved ${session.savedAt}`;
    }
    const known = new Set(base.result.chokepoints.map(c => c.fix.id));
    const toggles = session.whatIf.filter(
      id => known.has(id) || base.phase === 'quick',
    );
    if (toggles.length > 0 || whatIf.size > 0)
      await applyWhatIf(new Set(toggles));
    else render();
  }

  window.addEventListener('beforeunload', event => {
    if (dirty) event.preventDefault();
  });

  // ---------------------------------------------------------------------
  // What-if.

  async function applyWhatIf(next: Set<string>): Promise<void> {
    whatIf = next;
    if (session.whatIf.join('\n') !== [...next].join('\n')) {
      session = { ...session, whatIf: [...next] };
      dirty = true;
      writeDraft(base.sessionFile, session, true);
    }
    const seq = ++whatIfSeq;
    pathsWanted.abort();
    pathsWanted = new AbortController();
    const { signal } = pathsWanted;
    const started = performance.now();
    const since = (): number => Math.round(performance.now() - started);
    // The figures first, measured incrementally from the full analysis;
    // then the paths after them, from the same measurement on the server.
    // The request leaves before the page shows that it is busy.
    const asked =
      next.size > 0 && base.phase === 'full'
        ? api.whatIfExposure([...next])
        : undefined;
    whatIfBusy = true;
    pathsBusy = false;
    render();
    try {
      if (next.size === 0) {
        current = base;
        whatIfMs = undefined;
        return;
      }
      if (asked !== undefined) {
        const figures = await asked;
        if (seq !== whatIfSeq) return;
        current = provisional(figures);
        whatIfMs = { server: figures.ms, wall: since() };
        whatIfBusy = false;
        pathsBusy = true;
        render();
        markCut();
      }
      const answer = await api.whatIf([...next], signal);
      if (seq !== whatIfSeq) return;
      current = answer;
      whatIfMs = pathsBusy
        ? {
            ...(whatIfMs ?? { server: answer.ms, wall: since() }),
            paths: since(),
          }
        : { server: answer.ms, wall: since() };
    } catch (error) {
      if (seq === whatIfSeq)
        hint.textContent = `what-if failed: ${(error as Error).message}`;
    } finally {
      if (seq === whatIfSeq) {
        whatIfBusy = false;
        pathsBusy = false;
        render();
        markCut();
      }
    }
  }

  /**
   * The analysis as the what-if's figures say until its paths come: the
   * exposure and entry points after the fixes, the paths of the entry
   * points still exposed as they were.
   */
  function provisional(figures: WhatIfExposureResponse): {
    result: AnalysisResult;
    briefs: Briefs;
  } {
    const still = new Set(figures.exposed);
    const { result } = base;
    const { added, removed } = figures.entryPoints;
    const gone = new Set(removed);
    const kept =
      gone.size === 0
        ? result.entryPoints
        : result.entryPoints.filter(id => !gone.has(id));
    return {
      result: {
        ...result,
        entryPoints: added.length === 0 ? kept : [...kept, ...added],
        summary: {
          ...result.summary,
          entryPoints: figures.entryPoints.total,
          exposedEntryPoints: figures.exposed.length,
          exposedByClass: figures.exposedByClass,
        },
        paths: result.paths.filter(p => still.has(p.from)),
      },
      briefs: { ...base.briefs, ...figures.briefs },
    };
  }

  /** Dims the drawn paths whose entry point the what-if leaves with no path. */
  function markCut(): void {
    view.cy.elements().removeClass('cut');
    if (drawing.kind !== 'paths') return;
    const still = new Set(current.result.paths.map(p => p.from));
    const cut = drawing.paths.filter(p => !still.has(p.from));
    for (const path of cut)
      for (const step of path.steps)
        view.cy
          .getElementById(`${step.from}|${step.kind}|${step.to}`)
          .addClass('cut');
    if (cut.length > 0)
      hint.textContent = `${plural(cut.length, 'drawn path')} cut by the what-if fixes`;
  }

  // ---------------------------------------------------------------------
  // The canvas.

  function renderToolbar(): void {
    const kinds = view.edgeKinds();
    const filter = h(
      'details',
      { class: 'edge-filter', 'data-testid': 'edge-filter' },
      h(
        'summary',
        {},
        hiddenKinds.size === 0
          ? 'Edge kinds'
          : `Edge kinds (${String(hiddenKinds.size)} hidden)`,
      ),
      h(
        'div',
        { class: 'edge-filter-list' },
        ...kinds.map(([kind, count]) =>
          h(
            'label',
            {},
            h('input', {
              type: 'checkbox',
              'data-kind': kind,
              checked: !hiddenKinds.has(kind),
              onchange: (event: Event) => {
                const next = new Set(hiddenKinds);
                if ((event.target as HTMLInputElement).checked)
                  next.delete(kind);
                else next.add(kind);
                hiddenKinds = next;
                view.hideEdgeKinds(hiddenKinds);
                renderLegend();
              },
            }),
            ` ${kind} (${String(count)})`,
          ),
        ),
      ),
    );
    replaceChildren(
      toolbar,
      h(
        'span',
        { class: 'drawing-title', 'data-testid': 'drawing-title' },
        drawing.title,
      ),
      filter,
      h(
        'button',
        {
          title: 'zoom in',
          onclick: () => {
            view.zoomBy(1.25);
          },
        },
        '+',
      ),
      h(
        'button',
        {
          title: 'zoom out',
          onclick: () => {
            view.zoomBy(0.8);
          },
        },
        '−',
      ),
      h(
        'button',
        {
          'data-testid': 'legend-toggle',
          class: legendShown ? 'active' : '',
          onclick: () => {
            legendShown = !legendShown;
            renderToolbar();
            renderLegend();
          },
        },
        'Legend',
      ),
      h(
        'button',
        {
          'data-testid': 'toolbar-png',
          onclick: () => {
            void exportPng();
          },
        },
        'PNG',
      ),
    );
  }

  function renderLegend(): void {
    legendBox.hidden = !legendShown;
    if (legendShown)
      replaceChildren(legendBox, legendElement(legendItems(view.cy)));
  }

  function afterDraw(): void {
    view.hideEdgeKinds(hiddenKinds);
    renderToolbar();
    renderLegend();
    markCut();
  }

  function refreshDrawing(): void {
    if (drawing.kind === 'paths')
      drawPaths(drawing.paths, drawing.briefs, drawing.title, false);
    else if (drawing.kind === 'subgraph')
      drawSubgraph(drawing.subgraph, drawing.layout, drawing.title, false);
  }

  function drawPaths(
    paths: readonly AttackPath[],
    briefs: Briefs,
    title: string,
    showDetails = true,
  ): void {
    drawing = { kind: 'paths', paths, briefs, title };
    aggregates = new Map();
    edgesById = new Map(
      paths.flatMap(p =>
        p.steps.map(s => [`${s.from}|${s.kind}|${s.to}`, s] as const),
      ),
    );
    view.show(
      pathElements(paths, {
        entries: entries(),
        critical: critical(),
        briefs,
        accepted: keysOf('accept-edge'),
      }),
    );
    hint.textContent =
      paths.length === 1
        ? 'Entry at the top; click a node or a step for details, right-click a node for its menu.'
        : `${plural(paths.length, 'path')}, entries at the top.`;
    afterDraw();
    if (showDetails) showPathDetails(paths, briefs);
  }

  function showPathDetails(paths: readonly AttackPath[], briefs: Briefs): void {
    const only = paths.length === 1 ? paths[0] : undefined;
    selection =
      only === undefined
        ? undefined
        : {
            key: `path:${only.from}->${only.to}`,
            label: pathTitle(only, briefs),
          };
    replaceChildren(details, pathDetails(paths, briefs, stepActions()));
  }

  function stepActions(): StepActions {
    return {
      open: id => {
        void openNode(id, 'neighbourhood');
      },
      doc: kind => {
        void openDoc(kind);
      },
      decision: (type, key) => findDecision(session, type, key),
      accept: (type, key, label, input) => {
        decide(type, key, label, input);
        reopenDetails();
      },
      withdraw: (type, key) => {
        withdraw(type, key);
        reopenDetails();
      },
    };
  }

  let reopenDetails: () => void = () => undefined;

  function drawSubgraph(
    subgraph: Subgraph,
    layout: 'concentric' | 'tree',
    title: string,
    fresh = true,
  ): void {
    drawing = { kind: 'subgraph', subgraph, layout, title };
    const {
      elements,
      aggregates: folded,
      truncated,
    } = subgraphElements(subgraph, {
      entries: entries(),
      critical: critical(),
      accepted: keysOf('accept-edge'),
      arrange: layout === 'tree' ? 'columns' : 'sides',
    });
    aggregates = new Map(folded.map(a => [a.id, a]));
    edgesById = new Map(
      // The server's edges carry kinds as plain strings (a newer engine may know more).
      subgraph.edges.map(e => [
        `${e.from}|${e.kind}|${e.to}`,
        e as unknown as PathStep,
      ]),
    );
    view.show(elements, layout === 'tree' ? 'start' : 'middle');
    if (fresh || hint.textContent === '')
      hint.textContent = `${title}: ${plural(subgraph.total, 'node')}, ${String(view.cy.nodes().length)} drawn${truncated ? ' (cut to the element budget)' : ''}. Right-click a node for its menu.`;
    afterDraw();
  }

  // ---------------------------------------------------------------------
  // Opening things in the details panel.

  async function openNode(
    id: string,
    show: 'neighbourhood' | 'blast' | 'none' = 'none',
  ): Promise<void> {
    menu.hidden = true;
    const aggregate = aggregates.get(id);
    if (aggregate) {
      replaceChildren(
        details,
        h(
          'section',
          {},
          h('h2', {}, aggregate.label),
          h(
            'p',
            {},
            'Folded siblings of ',
            h('code', {}, aggregate.anchor),
            ` (${aggregate.direction === 'out' ? 'reached from it' : 'reaching it'}).`,
          ),
          h(
            'button',
            {
              onclick: () => {
                tab = 'explore';
                void runSearch({
                  q: '',
                  namespace: aggregate.namespace ?? '',
                  kind: aggregate.kind,
                });
              },
            },
            'List them in explore',
          ),
          h(
            'ul',
            { class: 'results' },
            ...aggregate.members.slice(0, 200).map(m =>
              h(
                'li',
                {
                  onclick: () => {
                    void openNode(m);
                  },
                },
                m,
              ),
            ),
          ),
        ),
      );
      return;
    }
    reopenDetails = () => {
      void openNode(id);
    };
    try {
      const infoPromise = api.node(id);
      const profilePromise = api.profile(id);
      let blast: Subgraph | undefined;
      if (show === 'neighbourhood') {
        const subgraph = await api.neighbourhood(id);
        drawSubgraph(
          subgraph,
          'concentric',
          `Neighbourhood of ${kindAndLabel(id, subgraph.briefs)}`,
        );
      }
      if (show === 'blast') {
        blast = await api.blastRadius(id);
        drawSubgraph(
          blast,
          'tree',
          `Blast radius of ${kindAndLabel(id, blast.briefs)}`,
        );
      }
      const info = await infoPromise;
      const actions = {
        neighbourhood: (node: string) => {
          void openNode(node, 'neighbourhood');
        },
        blastRadius: (node: string) => {
          void openNode(node, 'blast');
        },
        startHere: (node: string) => {
          setFinderEnd('from', node);
        },
        endHere: (node: string) => {
          setFinderEnd('to', node);
        },
        pathBetween: (from: string, to: string) => {
          void findBetween(from, to);
        },
        open: (node: string) => {
          void openNode(node, 'neighbourhood');
        },
        note: (node: string) => {
          selection = { key: node, label: kindAndLabel(node, allBriefs()) };
          tab = 'session';
          render();
        },
      };
      const blastInfo =
        blast === undefined
          ? undefined
          : { total: blast.total, reachedByKind: blast.reachedByKind ?? {} };
      replaceChildren(
        details,
        nodeDetails(info, undefined, actions, blastInfo),
      );
      const profile = await profilePromise;
      selection = { key: id, label: kindAndLabel(id, profile.briefs) };
      replaceChildren(details, nodeDetails(info, profile, actions, blastInfo));
    } catch (error) {
      replaceChildren(
        details,
        h('p', { class: 'error' }, (error as Error).message),
      );
    }
  }

  function openEdge(edgeId: string): void {
    const step = edgesById.get(edgeId);
    if (step === undefined) return;
    const briefs =
      drawing.kind === 'paths'
        ? drawing.briefs
        : drawing.kind === 'subgraph'
          ? drawing.subgraph.briefs
          : {};
    selection = {
      key: `edge:${edgeId}`,
      label: `${step.kind}: ${pathTitle(step, briefs)}`,
    };
    reopenDetails = () => {
      openEdge(edgeId);
    };
    replaceChildren(details, edgeDetails(step, briefs, stepActions()));
  }

  async function openDoc(kind: string): Promise<void> {
    drawer.hidden = false;
    replaceChildren(drawer, h('p', { class: 'busy' }, `Loading ${kind}…`));
    try {
      const doc = await api.technique(kind);
      replaceChildren(
        drawer,
        h(
          'div',
          { class: 'drawer-head' },
          h('strong', {}, `Technique ${doc.kind}`),
          h(
            'button',
            {
              'data-testid': 'doc-close',
              onclick: () => {
                drawer.hidden = true;
              },
            },
            'Close',
          ),
        ),
        h(
          'article',
          { class: 'markdown', 'data-testid': 'doc-body' },
          renderMarkdown(doc.markdown),
        ),
      );
    } catch (error) {
      replaceChildren(
        drawer,
        h('p', { class: 'error' }, (error as Error).message),
        h(
          'button',
          {
            onclick: () => {
              drawer.hidden = true;
            },
          },
          'Close',
        ),
      );
    }
  }

  // ---------------------------------------------------------------------
  // Paths between any two nodes.

  async function summaryOf(id: string): Promise<NodeSummary> {
    const briefs = allBriefs();
    const answer = await api.search(id, undefined, undefined, '5');
    return (
      answer.nodes.find(n => n.id === id) ?? {
        id,
        kind: id.split(':')[0] ?? id,
        name: labelOf(id, briefs),
      }
    );
  }

  function setFinderEnd(end: 'from' | 'to', id: string): void {
    menu.hidden = true;
    void summaryOf(id).then(node => {
      finder[end] = node;
      finder.found = undefined;
      tab = 'paths';
      render();
      if (finder.from !== undefined && finder.to !== undefined)
        void runFinder();
    });
  }

  async function findBetween(from: string, to: string): Promise<void> {
    finder.from = await summaryOf(from);
    finder.to = await summaryOf(to);
    tab = 'paths';
    await runFinder();
  }

  async function runFinder(): Promise<void> {
    const { from, to } = finder;
    if (from === undefined || to === undefined) return;
    finder.busy = true;
    render();
    try {
      const answer = await api.paths(
        from.id,
        to.id,
        finder.mode,
        finder.alternatives,
      );
      finder.found =
        answer.paths.length === 0
          ? {
              none: `No attack path from ${from.label ?? from.name} to ${to.label ?? to.name}.`,
            }
          : answer;
      const first = answer.paths[0];
      if (first !== undefined)
        drawPaths(
          [first],
          answer.briefs,
          `Path ${pathTitle(first, answer.briefs)}`,
        );
      else
        replaceChildren(
          details,
          h(
            'p',
            { 'data-testid': 'no-path' },
            `No attack path from ${from.label ?? from.name} to ${to.label ?? to.name}.`,
          ),
        );
    } catch (error) {
      finder.found = { none: (error as Error).message };
    } finally {
      finder.busy = false;
      render();
    }
  }

  // ---------------------------------------------------------------------
  // Explore, findings, queries.

  let searchSeq = 0;
  async function runSearch(next: ExploreQuery): Promise<void> {
    query = next;
    const seq = ++searchSeq;
    facets ??= await api.facets();
    const answer = await api.search(next.q, next.namespace, next.kind);
    if (seq !== searchSeq) return;
    results = answer;
    render();
    const box = left.querySelector<HTMLInputElement>(
      'input[data-testid=search]',
    );
    if (box && document.activeElement !== box && tab === 'explore') {
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    }
  }

  let findingsSeq = 0;
  async function loadFindings(limit = 100): Promise<void> {
    const seq = ++findingsSeq;
    const answer = await api.findings({
      q: findingsFilter.q,
      limit: String(limit),
      ...(findingsFilter.severity === ''
        ? {}
        : { severity: findingsFilter.severity as 'high' }),
      ...(findingsFilter.check === '' ? {} : { check: findingsFilter.check }),
      ...(findingsFilter.onPath ? { onPath: 'true' as const } : {}),
    });
    if (seq !== findingsSeq) return;
    findings = answer;
    render();
  }

  async function ask(id: string): Promise<void> {
    queryAnswer = await api.query(id);
    const answer = queryAnswer.answer;
    if (answer.kind === 'paths' && answer.paths.length > 0)
      drawPaths(answer.paths, queryAnswer.briefs, queryAnswer.title);
    render();
  }

  // ---------------------------------------------------------------------
  // Export.

  async function exportPng(): Promise<void> {
    const subtitle = `${base.cluster} · ${current.result.summary.exposedEntryPoints} of ${current.result.summary.entryPoints} entry points exposed${whatIf.size > 0 ? ` with ${plural(whatIf.size, 'what-if fix', 'what-if fixes')}` : ''} · ${new Date().toLocaleString()}`;
    const blob = await view.png(
      drawing.title === '' ? 'Chokepoint' : drawing.title,
      subtitle,
    );
    download(`chokepoint-${base.cluster}.png`, blob);
  }

  function exportMarkdown(): void {
    const text = sessionMarkdown(
      { ...session, whatIf: [...whatIf] },
      {
        base: base.result,
        current: current.result,
        briefs: allBriefs(),
        exportedAt: new Date().toISOString(),
      },
    );
    download(
      `chokepoint-${base.cluster}-decisions.md`,
      new Blob([text], { type: 'text/markdown' }),
    );
  }

  // ---------------------------------------------------------------------
  // Rendering.

  const planned = (): Set<string> => keysOf('plan-fix');

  const fixActions = {
    showPaths: (row: ChokepointRow) => {
      const chokepoint = base.result.chokepoints.find(
        c => c.fix.id === row.fixId,
      );
      if (chokepoint === undefined) return;
      showFiltered(
        {
          label: `through ${labelOf(row.target, allBriefs())}`,
          test: path => pathsTouching([path], chokepoint.fix).length > 0,
        },
        `Paths through ${labelOf(row.target, allBriefs())}`,
      );
    },
    toggle: (fixId: string, on: boolean) => {
      const next = new Set(whatIf);
      if (on) next.add(fixId);
      else next.delete(fixId);
      void applyWhatIf(next);
    },
    plan: (row: ChokepointRow) => {
      const existing = findDecision(session, 'plan-fix', row.fixId);
      reopenDetails = () => {
        fixActions.plan(row);
      };
      replaceChildren(
        details,
        h(
          'section',
          {},
          h('h2', {}, `Fix #${String(row.rank)}`),
          h('p', {}, row.description),
          h('p', {}, row.explanation),
          decisionForm(
            'Mark fix planned',
            existing,
            input => {
              decide('plan-fix', row.fixId, row.description, input);
              reopenDetails();
            },
            () => {
              withdraw('plan-fix', row.fixId);
              reopenDetails();
            },
          ),
        ),
      );
    },
    open: (id: string) => {
      void openNode(id, 'neighbourhood');
    },
  };

  /** Lists the paths a filter keeps, and draws the first 40 of them. */
  function showFiltered(filter: PathFilterState, title: string): void {
    pathFilter = filter;
    tab = 'paths';
    render();
    const paths = filteredPaths();
    if (paths.length > 0) drawPaths(paths.slice(0, 40), current.briefs, title);
  }

  function filteredPaths(): AttackPath[] {
    return rankPaths(
      current.result.paths.filter(p => pathFilter?.test(p) ?? true),
    );
  }

  function renderHeader(): void {
    const s = current.result.summary;
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
            `what-if: ${plural(whatIf.size, 'fix', 'fixes')} applied`,
          )
        : null,
      whatIfBusy ? h('span', { class: 'busy' }, 'recomputing…') : null,
      pathsBusy
        ? h(
            'span',
            { class: 'busy', 'data-testid': 'paths-busy' },
            'recomputing the paths…',
          )
        : null,
      base.phase === 'error'
        ? h(
            'span',
            { class: 'error' },
            `choke points failed: ${base.error ?? ''}`,
          )
        : null,
      h(
        'div',
        { class: 'global-search' },
        typeahead({
          placeholder:
            'Search: name, kind or property (privileged, hostpath, cluster-admin)',
          testid: 'global-search',
          onPick: node => {
            void openNode(node.id, 'neighbourhood');
          },
        }),
      ),
      dirty
        ? h(
            'span',
            { class: 'badge unsaved', 'data-testid': 'unsaved' },
            'unsaved',
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
          id === 'findings' && base.result.findings.length > 0
            ? h(
                'span',
                { class: 'count' },
                ` ${String(base.result.findingsTotal ?? base.result.findings.length)}`,
              )
            : null,
          id === 'session' &&
            session.decisions.length + session.notes.length > 0
            ? h(
                'span',
                { class: 'count' },
                ` ${String(session.decisions.length + session.notes.length)}`,
              )
            : null,
        ),
      ),
    );
  }

  function renderLeft(): void {
    const briefs = allBriefs();
    if (tab === 'overview') {
      replaceChildren(
        left,
        overviewPanel(
          overview(current.result, base.result.chokepoints),
          briefs,
          base.phase,
          whatIf,
          planned(),
          {
            ...fixActions,
            showClass: id => {
              showFiltered(
                {
                  label: `from ${id} entry points`,
                  test: p => entryClass(p.from) === id,
                },
                `Paths from ${id} entry points`,
              );
            },
            showAsset: id => {
              showFiltered(
                { label: `to ${labelOf(id, briefs)}`, test: p => p.to === id },
                `Paths to ${kindAndLabel(id, briefs)}`,
              );
            },
            showPath: path => {
              drawPaths(
                [path],
                current.briefs,
                `Worst path: ${pathTitle(path, current.briefs)}`,
              );
            },
          },
        ),
      );
    } else if (tab === 'paths') {
      replaceChildren(
        left,
        pathsPanel(
          pathFinder(finder, {
            change: () => {
              finder.found = undefined;
              render();
            },
            find: () => {
              void runFinder();
            },
            open: (paths, pathBriefs) => {
              const first = paths[0];
              drawPaths(
                paths,
                pathBriefs,
                first === undefined
                  ? 'Paths'
                  : `Path ${pathTitle(first, pathBriefs)}`,
              );
            },
          }),
          filteredPaths(),
          current.briefs,
          pathFilter?.label ?? '',
          keysOf('accept-path'),
          {
            open: paths => {
              const first = paths[0];
              drawPaths(
                paths,
                current.briefs,
                paths.length === 1 && first !== undefined
                  ? `Path ${pathTitle(first, current.briefs)}`
                  : `${plural(paths.length, 'path')} ${pathFilter?.label ?? ''}`,
              );
            },
            clear: () => {
              pathFilter = undefined;
              render();
            },
          },
        ),
      );
    } else if (tab === 'whatif') {
      const rows = base.result.chokepoints.map(chokepointRow);
      replaceChildren(
        left,
        whatIfPanel(
          {
            rows,
            delta:
              whatIf.size > 0
                ? whatIfDelta(base.result, current.result)
                : undefined,
            busy: whatIfBusy,
            pathsBusy,
            ...(whatIfMs === undefined
              ? {}
              : {
                  serverMs: whatIfMs.server,
                  wallMs: whatIfMs.wall,
                  ...(whatIfMs.paths === undefined
                    ? {}
                    : { pathsMs: whatIfMs.paths }),
                }),
            whatIf,
            planned: planned(),
            plan: planSteps(base.result),
            sets: session.whatIfSets,
            briefs,
            descriptions: new Map(
              base.result.chokepoints.flatMap(c => [
                ...(c.alternative === undefined
                  ? []
                  : [
                      [
                        c.alternative.fix.id,
                        c.alternative.fix.description,
                      ] as const,
                    ]),
                [c.fix.id, c.fix.description] as const,
              ]),
            ),
          },
          {
            ...fixActions,
            reset: () => {
              void applyWhatIf(new Set());
            },
            apply: fixes => {
              void applyWhatIf(new Set(fixes));
            },
            saveSet: name => {
              changeSession(
                saveWhatIfSet(session, {
                  name,
                  fixes: [...whatIf],
                  exposedAfter: current.result.summary.exposedEntryPoints,
                  at: new Date().toISOString(),
                }),
              );
            },
            removeSet: name => {
              changeSession(removeWhatIfSet(session, name));
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
            void runSearch({ ...query, ...change });
          },
          typing: q => {
            query = { ...query, q };
          },
          select: id => {
            void openNode(id, 'neighbourhood');
          },
        }),
      );
      if (facets === undefined) void runSearch(query);
    } else if (tab === 'findings') {
      replaceChildren(
        left,
        findingsPanel(findingsFilter, findings, {
          change: () => {
            void loadFindings();
          },
          more: () => {
            void loadFindings((findings?.findings.length ?? 0) + 100);
          },
          open: id => {
            void openNode(id, 'neighbourhood');
          },
        }),
      );
      if (findings === undefined) void loadFindings();
    } else if (tab === 'queries') {
      replaceChildren(
        left,
        queriesPanel(queries, queryAnswer, {
          ask: id => {
            void ask(id);
          },
          open: id => {
            void openNode(id, 'neighbourhood');
          },
          drawPaths: answer => {
            if (answer.answer.kind === 'paths')
              drawPaths(answer.answer.paths, answer.briefs, answer.title);
          },
        }),
      );
      if (queries === undefined)
        void api.queries().then(answer => {
          queries = answer.queries;
          render();
        });
    } else {
      replaceChildren(
        left,
        sessionPanel(
          session,
          base.sessionFile,
          sessionStatus,
          selection,
          new Set(expiredDecisions(session, today()).map(d => d.key)),
          {
            save: () => {
              void saveSession();
            },
            reload: () => {
              void loadSession(true);
            },
            png: () => {
              void exportPng();
            },
            markdown: exportMarkdown,
            remove: d => {
              withdraw(d.type, d.key);
            },
            addNote: (text, about) => {
              changeSession(
                addNote(session, {
                  id: `n${String(Date.now())}`,
                  text,
                  about: about && selection !== undefined ? selection.key : '',
                  aboutLabel:
                    about && selection !== undefined ? selection.label : '',
                  at: new Date().toISOString(),
                }),
              );
            },
            removeNote: id => {
              changeSession(removeNote(session, id));
            },
          },
        ),
      );
    }
  }

  function render(): void {
    renderHeader();
    renderNav();
    renderLeft();
  }

  view.onTapNode(id => {
    void openNode(id);
  });
  view.cy.on('dbltap', 'node', event => {
    const id = (event.target as { id(): string }).id();
    if (!aggregates.has(id)) void openNode(id, 'neighbourhood');
  });
  view.onTapEdge(openEdge);
  view.onNodeMenu((id, x, y) => {
    if (aggregates.has(id)) return;
    const item = (text: string, testid: string, run: () => void) =>
      h(
        'button',
        {
          'data-testid': testid,
          onclick: () => {
            menu.hidden = true;
            run();
          },
        },
        text,
      );
    replaceChildren(
      menu,
      h('div', { class: 'menu-title' }, kindAndLabel(id, allBriefs())),
      item('Details', 'menu-details', () => {
        void openNode(id);
      }),
      item('Start a path here', 'menu-start', () => {
        setFinderEnd('from', id);
      }),
      item('End a path here', 'menu-end', () => {
        setFinderEnd('to', id);
      }),
      item('Neighbourhood', 'menu-neighbourhood', () => {
        void openNode(id, 'neighbourhood');
      }),
      item('Blast radius', 'menu-blast', () => {
        void openNode(id, 'blast');
      }),
    );
    const graphBox = scroller.getBoundingClientRect();
    const canvasBox = canvas.getBoundingClientRect();
    menu.style.left = `${String(x + canvasBox.left - graphBox.left + 8)}px`;
    menu.style.top = `${String(y + canvasBox.top - graphBox.top + toolbar.offsetHeight + 8)}px`;
    menu.hidden = false;
  });
  view.cy.on('tap', event => {
    if (event.target === view.cy) menu.hidden = true;
  });

  await loadSession(false);
  render();
  const worst = rankPaths(current.result.paths)[0];
  if (worst)
    drawPaths(
      [worst],
      current.briefs,
      `Worst path: ${pathTitle(worst, current.briefs)}`,
    );
  else {
    drawing = { kind: 'none', title: '' };
    renderToolbar();
    hint.textContent =
      'No attack path reaches a critical asset. Use Explore to look around.';
  }

  // Choke points are measured in the background on the server: pick them up.
  while (base.phase === 'quick') {
    await new Promise(done => setTimeout(done, 1000));
    const next = await api.analysis();
    if (next.phase !== 'quick') {
      base = next;
      if (whatIf.size === 0) current = next;
      render();
    }
  }
}
