/**
 * Attack paths: a finder between any two nodes (type-ahead on name, kind or
 * property; start and end can also come from a node's menu), with
 * alternatives, and the paths of the analysis ranked worst first.
 */

import type { AttackPath } from '@chokepoint/engine';
import type { Briefs, NodeSummary } from '@chokepoint/viewer-api';
import { h } from '../dom.ts';
import { pathKey, pathTitle } from '../view-model.ts';
import { plural, typeahead } from './common.ts';

export interface FinderState {
  from?: NodeSummary;
  to?: NodeSummary;
  mode: 'shortest' | 'likely';
  alternatives: number;
  /** The last answer: the paths found, or a message. */
  found?:
    | { paths: readonly AttackPath[]; briefs: Briefs }
    | { none: string }
    | undefined;
  busy?: boolean;
}

function pathItem(
  path: AttackPath,
  briefs: Briefs,
  accepted: ReadonlySet<string>,
  open: () => void,
  testid: string,
): HTMLElement {
  return h(
    'li',
    { 'data-testid': testid, 'data-from': path.from, onclick: open },
    h('span', { class: 'path-title' }, pathTitle(path, briefs)),
    ` ${plural(path.length, 'step')}, ${path.confidence}`,
    accepted.has(pathKey(path))
      ? h('span', { class: 'badge accepted' }, 'accepted')
      : null,
  );
}

export function pathFinder(
  state: FinderState,
  actions: {
    readonly change: () => void;
    readonly find: () => void;
    readonly open: (paths: readonly AttackPath[], briefs: Briefs) => void;
  },
): HTMLElement {
  const mode = h(
    'select',
    { 'data-testid': 'finder-mode' },
    h('option', { value: 'shortest' }, 'fewest steps'),
    h('option', { value: 'likely' }, 'most likely'),
  ) as HTMLSelectElement;
  mode.value = state.mode;
  mode.addEventListener('change', () => {
    state.mode = mode.value === 'likely' ? 'likely' : 'shortest';
  });
  const count = h(
    'select',
    { 'data-testid': 'finder-alternatives' },
    ...[1, 3, 5].map(n =>
      h(
        'option',
        { value: String(n) },
        n === 1 ? 'one path' : `${String(n)} alternatives`,
      ),
    ),
  ) as HTMLSelectElement;
  count.value = String(state.alternatives);
  count.addEventListener('change', () => {
    state.alternatives = Number(count.value);
  });
  const found = state.found;
  return h(
    'div',
    { class: 'finder', 'data-testid': 'finder' },
    h('h3', {}, 'Find a path between any two nodes'),
    h(
      'label',
      {},
      'From ',
      typeahead({
        placeholder: 'type a name, kind or property',
        testid: 'path-from',
        ...(state.from === undefined ? {} : { picked: state.from }),
        onPick: node => {
          state.from = node;
          actions.change();
        },
      }),
    ),
    h(
      'label',
      {},
      'To ',
      typeahead({
        placeholder: 'type a name, kind or property',
        testid: 'path-to',
        ...(state.to === undefined ? {} : { picked: state.to }),
        onPick: node => {
          state.to = node;
          actions.change();
        },
      }),
    ),
    h(
      'div',
      { class: 'fix-actions' },
      mode,
      count,
      h(
        'button',
        {
          class: 'primary',
          'data-testid': 'find-paths',
          disabled: state.from === undefined || state.to === undefined,
          onclick: actions.find,
        },
        state.busy === true ? 'Finding…' : 'Find paths',
      ),
    ),
    found === undefined
      ? null
      : 'none' in found
        ? h('p', { 'data-testid': 'no-path' }, found.none)
        : h(
            'ol',
            { class: 'path-list', 'data-testid': 'found-paths' },
            ...found.paths.map(path =>
              pathItem(
                path,
                found.briefs,
                new Set(),
                () => {
                  actions.open([path], found.briefs);
                },
                'found-path',
              ),
            ),
          ),
  );
}

export function pathsPanel(
  finder: HTMLElement,
  paths: readonly AttackPath[],
  briefs: Briefs,
  filterLabel: string,
  accepted: ReadonlySet<string>,
  actions: {
    readonly open: (paths: readonly AttackPath[]) => void;
    readonly clear: () => void;
  },
): HTMLElement {
  return h(
    'section',
    { class: 'paths' },
    finder,
    h('h3', {}, 'Attack paths of the analysis, worst first'),
    h(
      'p',
      { class: 'filter' },
      `${plural(paths.length, 'path')} ${filterLabel}`,
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
        pathItem(
          path,
          briefs,
          accepted,
          () => {
            actions.open([path]);
          },
          'path',
        ),
      ),
    ),
  );
}
