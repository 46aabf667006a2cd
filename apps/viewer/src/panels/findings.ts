/**
 * The checklist findings in their own panel: counts by severity, filters by
 * severity, check, text and "on an attack path", paged from the server
 * (a large cluster has tens of thousands).
 */

import type { FindingsResponse } from '@chokepoint/viewer-api';
import { h } from '../dom.ts';
import { plural } from './common.ts';
import { findingItem } from './node.ts';

export interface FindingsFilter {
  severity: string;
  check: string;
  q: string;
  onPath: boolean;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

export function findingsPanel(
  filter: FindingsFilter,
  answer: FindingsResponse | undefined,
  actions: {
    readonly change: () => void;
    readonly more: () => void;
    readonly open: (id: string) => void;
  },
): HTMLElement {
  const severity = h(
    'select',
    { 'data-testid': 'findings-severity' },
    h('option', { value: '' }, 'every severity'),
    ...SEVERITIES.map(s =>
      h('option', { value: s }, `${s} (${String(answer?.bySeverity[s] ?? 0)})`),
    ),
  ) as HTMLSelectElement;
  severity.value = filter.severity;
  severity.addEventListener('change', () => {
    filter.severity = severity.value;
    actions.change();
  });
  const check = h(
    'select',
    { 'data-testid': 'findings-check' },
    h('option', { value: '' }, 'every check'),
    ...Object.entries(answer?.byCheck ?? {})
      .sort((a, b) => b[1] - a[1])
      .map(([id, n]) => h('option', { value: id }, `${id} (${String(n)})`)),
  ) as HTMLSelectElement;
  check.value = filter.check;
  check.addEventListener('change', () => {
    filter.check = check.value;
    actions.change();
  });
  const text = h('input', {
    type: 'search',
    placeholder: 'text in the title, message or objects',
    value: filter.q,
  }) as HTMLInputElement;
  let timer: number | undefined;
  text.addEventListener('input', () => {
    filter.q = text.value;
    clearTimeout(timer);
    timer = window.setTimeout(actions.change, 200);
  });
  const onPath = h('input', {
    type: 'checkbox',
    checked: filter.onPath,
  }) as HTMLInputElement;
  onPath.addEventListener('change', () => {
    filter.onPath = onPath.checked;
    actions.change();
  });
  return h(
    'section',
    { class: 'findings-panel', 'data-testid': 'findings-panel' },
    h('div', { class: 'filters' }, severity, check),
    text,
    h('label', {}, onPath, ' only on attack paths'),
    answer === undefined
      ? h('p', { class: 'busy' }, 'Loading…')
      : h(
          'div',
          {},
          h(
            'p',
            { class: 'filter', 'data-testid': 'findings-total' },
            `${plural(answer.total, 'finding')}${answer.total > answer.findings.length ? `, ${String(answer.findings.length)} shown` : ''}`,
          ),
          h(
            'ul',
            { class: 'findings' },
            ...answer.findings.map(f =>
              findingItem(f, answer.briefs, actions.open),
            ),
          ),
          answer.total > answer.findings.length
            ? h('button', { onclick: actions.more }, 'more')
            : null,
        ),
  );
}
