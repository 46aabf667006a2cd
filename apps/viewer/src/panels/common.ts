/**
 * Pieces the panels share: a node named by its readable label that opens
 * it, the decision form (who, why, until when), the list of fixes grouped by
 * the object they change with their impact, and a type-ahead node picker.
 */

import type { Briefs, Decision, NodeSummary } from '@chokepoint/viewer-api';
import { alternativeLead, kindOfId } from '@chokepoint/model';
import type { FixImpact } from '@chokepoint/model';
import { api } from '../api.ts';
import { h } from '../dom.ts';
import { findingMark, labelOf } from '../labels.ts';
import type { ChokepointRow } from '../view-model.ts';
import { groupByTarget, impactText } from '../view-model.ts';

export function percent(share: number): string {
  return `${String(Math.round(share * 100))}%`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${String(n)} ${n === 1 ? word : many}`;
}

/** `Container kube-proxy-b2n5x/kube-proxy ⚠ 2 high`, clickable. */
export function nodeLink(
  id: string,
  briefs: Briefs,
  open?: (id: string) => void,
): HTMLElement {
  const kind = kindOfId(id);
  const mark = findingMark(id, briefs);
  return h(
    open === undefined ? 'span' : 'button',
    {
      class: 'node-link',
      'data-id': id,
      title: id,
      ...(open === undefined
        ? {}
        : {
            onclick: () => {
              open(id);
            },
          }),
    },
    kind === id ? null : h('span', { class: 'kind' }, kind),
    ' ',
    labelOf(id, briefs),
    mark === '' ? null : h('span', { class: 'finding-mark' }, ` ${mark}`),
  );
}

export interface DecisionInput {
  readonly who: string;
  readonly why: string;
  readonly until: string;
}

/** Who, why and until when, for an accepted risk or a planned fix. */
export function decisionForm(
  label: string,
  existing: Decision | undefined,
  onSave: (input: DecisionInput) => void,
  onRemove?: () => void,
): HTMLElement {
  const who = h('input', {
    type: 'text',
    placeholder: 'who decides (name, team)',
    'data-testid': 'decision-who',
    value: existing?.who ?? '',
  }) as HTMLInputElement;
  const why = h('textarea', {
    rows: 2,
    placeholder: 'why',
    'data-testid': 'decision-why',
    value: existing?.why ?? '',
  }) as HTMLTextAreaElement;
  const until = h('input', {
    type: 'date',
    'data-testid': 'decision-until',
    value: existing?.until ?? '',
  }) as HTMLInputElement;
  return h(
    'div',
    { class: 'decision', 'data-testid': 'decision-form' },
    h('label', {}, 'Who ', who),
    h('label', {}, 'Why ', why),
    h('label', {}, 'Until ', until),
    h(
      'div',
      { class: 'fix-actions' },
      h(
        'button',
        {
          class: 'primary',
          'data-testid': 'decide',
          onclick: () => {
            onSave({ who: who.value, why: why.value, until: until.value });
          },
        },
        existing ? `Update: ${label}` : label,
      ),
      existing && onRemove
        ? h('button', { onclick: onRemove }, 'Withdraw')
        : null,
    ),
  );
}

export interface FixListActions {
  readonly toggle: (fixId: string, on: boolean) => void;
  readonly showPaths: (row: ChokepointRow) => void;
  readonly plan: (row: ChokepointRow) => void;
  readonly open: (id: string) => void;
}

/** What a fix would break (cli-contract v1.1 `fix.impact`), when known. */
export function impactLine(impact: FixImpact | undefined): HTMLElement | null {
  if (impact === undefined) return null;
  return h(
    'div',
    { class: `impact impact-${impact.level}`, 'data-testid': 'fix-impact' },
    impactText(impact),
  );
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Beside a fix that breaks a component, the engine's best measured fix that
 * breaks nothing, with its own effect alone and a what-if toggle.
 */
function alternativeLine(
  row: ChokepointRow,
  whatIf: ReadonlySet<string>,
  actions: FixListActions,
): HTMLElement | null {
  const alt = row.alternative;
  if (alt === undefined) return null;
  return h(
    'div',
    {
      class: 'alternative',
      'data-testid': 'fix-alternative',
      'data-fix': alt.fixId,
    },
    `${sentence(alternativeLead(alt.impact))}: `,
    h('strong', {}, alt.description),
    ` (alone: cuts ${plural(alt.entriesCut, 'entry point')}, ${String(alt.exposedAfter)} stay exposed) `,
    h(
      'label',
      { class: 'toggle' },
      h('input', {
        type: 'checkbox',
        'data-testid': 'whatif-toggle-alternative',
        'data-fix': alt.fixId,
        checked: whatIf.has(alt.fixId),
        onchange: (event: Event) => {
          actions.toggle(alt.fixId, (event.target as HTMLInputElement).checked);
        },
      }),
      ' what-if',
    ),
  );
}

/** Fixes grouped by the object they change; each with its measured effect. */
export function fixList(
  rows: readonly ChokepointRow[],
  briefs: Briefs,
  whatIf: ReadonlySet<string>,
  planned: ReadonlySet<string>,
  actions: FixListActions,
  figures?: ReadonlyMap<string, string>,
): HTMLElement {
  return h(
    'ol',
    { class: 'chokepoints' },
    ...groupByTarget(rows).map(group =>
      h(
        'li',
        { class: 'fix-group', 'data-testid': 'fix-group' },
        group.rows.length > 1
          ? h(
              'div',
              { class: 'group-title' },
              plural(group.rows.length, 'fix', 'fixes'),
              ' on ',
              nodeLink(group.target, briefs, actions.open),
            )
          : null,
        ...group.rows.map(row =>
          h(
            'div',
            {
              class: 'fix',
              'data-testid': 'chokepoint',
              'data-fix': row.fixId,
            },
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
              figures?.get(row.fixId) ??
                `alone: cuts ${plural(row.entriesCut, 'entry point')}, ${String(row.exposedAfter)} stay exposed; on ${percent(row.pathShare)} of paths`,
            ),
            impactLine(row.impact),
            alternativeLine(row, whatIf, actions),
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
                  'data-testid': 'plan-fix',
                  onclick: () => {
                    actions.plan(row);
                  },
                },
                'Plan fix…',
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * A text box that suggests nodes as one types (name, kind or property,
 * through /api/search); picking one calls `onPick`.
 */
export function typeahead(options: {
  readonly placeholder: string;
  readonly testid: string;
  readonly picked?: NodeSummary;
  readonly onPick: (node: NodeSummary) => void;
}): HTMLElement {
  const input = h('input', {
    type: 'search',
    autocomplete: 'off',
    placeholder: options.placeholder,
    'data-testid': options.testid,
    value: options.picked?.label ?? options.picked?.name ?? '',
  }) as HTMLInputElement;
  const list = h('ul', {
    class: 'suggestions',
    'data-testid': `${options.testid}-suggestions`,
    hidden: true,
  });
  let timer: number | undefined;
  let seq = 0;
  let active = -1;
  let shown: readonly NodeSummary[] = [];
  const pick = (node: NodeSummary): void => {
    input.value = node.label ?? node.name;
    list.hidden = true;
    options.onPick(node);
  };
  const highlight = (): void => {
    [...list.children].forEach((li, i) => {
      li.classList.toggle('active', i === active);
    });
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      const mine = ++seq;
      if (input.value.trim() === '') {
        list.hidden = true;
        return;
      }
      void api.search(input.value, undefined, undefined, '12').then(answer => {
        if (mine !== seq) return;
        shown = answer.nodes;
        active = -1;
        list.replaceChildren(
          ...shown.map(node =>
            h(
              'li',
              {
                'data-testid': 'suggestion',
                'data-id': node.id,
                onmousedown: (event: Event) => {
                  event.preventDefault();
                  pick(node);
                },
              },
              h('span', { class: 'kind' }, node.kind),
              ' ',
              node.label ?? node.name,
              node.namespace === undefined || node.kind === 'Container'
                ? null
                : h('span', { class: 'muted' }, ` ${node.namespace}`),
              node.tags === undefined
                ? null
                : h('span', { class: 'tags' }, ` ${node.tags.join(', ')}`),
            ),
          ),
        );
        list.hidden = shown.length === 0;
      });
    }, 120);
  });
  input.addEventListener('keydown', (event: KeyboardEvent) => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      active =
        (active + (event.key === 'ArrowDown' ? 1 : -1) + shown.length) %
        shown.length;
      highlight();
    } else if (event.key === 'Enter') {
      const node = shown[active] ?? shown[0];
      if (node !== undefined) {
        event.preventDefault();
        pick(node);
      }
    } else if (event.key === 'Escape') list.hidden = true;
  });
  input.addEventListener('blur', () => {
    window.setTimeout(() => {
      list.hidden = true;
    }, 150);
  });
  return h('div', { class: 'typeahead' }, input, list);
}
