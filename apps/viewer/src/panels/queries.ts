/** The pre-built questions of a session, and the answer to the one asked. */

import type { QueryInfo, QueryResponse } from '@chokepoint/viewer-api';
import { h } from '../dom.ts';
import { pathTitle } from '../view-model.ts';
import { nodeLink, plural } from './common.ts';

export function queriesPanel(
  queries: readonly QueryInfo[] | undefined,
  answer: QueryResponse | undefined,
  actions: {
    readonly ask: (id: string) => void;
    readonly open: (id: string) => void;
    readonly drawPaths: (answer: QueryResponse) => void;
  },
): HTMLElement {
  const result = answer?.answer;
  return h(
    'section',
    { class: 'queries' },
    h(
      'ul',
      { class: 'query-list' },
      ...(queries ?? []).map(q =>
        h(
          'li',
          {
            class: q.id === answer?.id ? 'active' : '',
            'data-testid': 'query',
            'data-id': q.id,
            onclick: () => {
              actions.ask(q.id);
            },
          },
          h('strong', {}, q.title),
          h('div', { class: 'muted' }, q.question),
        ),
      ),
    ),
    answer === undefined || result === undefined
      ? null
      : h(
          'div',
          { class: 'answer', 'data-testid': 'query-answer' },
          h('h3', {}, answer.title),
          result.kind === 'paths'
            ? h(
                'div',
                {},
                h(
                  'p',
                  {},
                  result.paths.length === 0
                    ? 'No such path.'
                    : `${plural(result.paths.length, 'path')}, drawn together:`,
                ),
                h(
                  'ol',
                  { class: 'path-list' },
                  ...result.paths.map(p =>
                    h(
                      'li',
                      { 'data-testid': 'query-row' },
                      `${pathTitle(p, answer.briefs)} (${plural(p.length, 'step')})`,
                    ),
                  ),
                ),
              )
            : h(
                'div',
                {},
                h(
                  'p',
                  {},
                  result.rows.length === 0
                    ? 'None.'
                    : plural(result.rows.length, 'answer'),
                ),
                h(
                  'ul',
                  { class: 'results' },
                  ...result.rows.map(row =>
                    h(
                      'li',
                      { 'data-testid': 'query-row' },
                      nodeLink(row.id, answer.briefs, actions.open),
                      h('div', { class: 'muted' }, row.detail),
                    ),
                  ),
                ),
              ),
        ),
  );
}
