/**
 * Explore: search nodes by name, kind or property (privileged, hostpath,
 * cluster-admin...), filtered by namespace and kind.
 */

import type { FacetsResponse, NodeSummary } from '@chokepoint/viewer-api';
import { h } from '../dom.ts';
import { plural } from './common.ts';

export interface ExploreQuery {
  readonly q: string;
  readonly namespace: string;
  readonly kind: string;
}

export function explorePanel(
  facets: FacetsResponse | undefined,
  query: ExploreQuery,
  results: { total: number; nodes: readonly NodeSummary[] } | undefined,
  actions: {
    readonly search: (change: Partial<ExploreQuery>) => void;
    /** Every keystroke, so a re-render keeps what is typed. */
    readonly typing: (q: string) => void;
    readonly select: (id: string) => void;
  },
): HTMLElement {
  const input = h('input', {
    type: 'search',
    placeholder: 'name, kind or property: privileged, hostpath, cluster-admin',
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
    h(
      'p',
      { class: 'muted' },
      'Words must all match: a name, a kind, or a property. kind:Pod, ns:web and is:privileged say which.',
    ),
    h('div', { class: 'filters' }, ns, kind),
    results === undefined
      ? null
      : h(
          'div',
          {},
          h(
            'p',
            { class: 'filter', 'data-testid': 'search-total' },
            `${plural(results.total, 'match', 'matches')}${results.total > results.nodes.length ? `, first ${String(results.nodes.length)} shown` : ''}`,
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
                n.label ?? n.name,
                n.namespace === undefined || n.kind === 'Container'
                  ? null
                  : h('span', { class: 'muted' }, ` ${n.namespace}`),
                n.tags === undefined
                  ? null
                  : h('div', { class: 'tags' }, n.tags.join(', ')),
              ),
            ),
          ),
        ),
  );
}
