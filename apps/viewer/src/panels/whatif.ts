/**
 * What-if: fixes toggled on are applied together by the engine on the
 * server, and the panel shows the combined figures (exposure before and
 * after, per entry class, the entry-point total and why it changed), the
 * remediation plan with before and after per step, the fixes grouped by
 * the object they change, and the named sets of the session.
 */

import type { Briefs, WhatIfSet } from '@chokepoint/viewer-api';
import { h } from '../dom.ts';
import type {
  ChokepointRow,
  PlanStepView,
  WhatIfDelta,
} from '../view-model.ts';
import type { FixListActions } from './common.ts';
import { fixList, impactLine, nodeLink, plural } from './common.ts';

export interface WhatIfView {
  readonly rows: readonly ChokepointRow[];
  readonly delta: WhatIfDelta | undefined;
  readonly busy: boolean;
  /** The figures are shown; the paths after the fixes are still computed. */
  readonly pathsBusy: boolean;
  /** Engine time on the server, and click-to-figures time in the page. */
  readonly serverMs?: number;
  readonly wallMs?: number;
  /** Click to the paths after the fixes, when they came after the figures. */
  readonly pathsMs?: number;
  readonly whatIf: ReadonlySet<string>;
  readonly planned: ReadonlySet<string>;
  readonly plan: readonly PlanStepView[];
  readonly sets: readonly WhatIfSet[];
  readonly briefs: Briefs;
  readonly descriptions: ReadonlyMap<string, string>;
  /** Per fix, its figures with the applied ones (when the engine gives them). */
  readonly figures?: ReadonlyMap<string, string>;
}

export function whatIfPanel(
  view: WhatIfView,
  actions: FixListActions & {
    readonly reset: () => void;
    readonly apply: (fixes: readonly string[]) => void;
    readonly saveSet: (name: string) => void;
    readonly removeSet: (name: string) => void;
  },
): HTMLElement {
  const { delta } = view;
  const setName = h('input', {
    type: 'text',
    placeholder: 'name of this set of fixes',
    'data-testid': 'whatif-set-name',
  }) as HTMLInputElement;
  const entries = delta?.entryPoints;
  return h(
    'section',
    { class: 'whatif' },
    h(
      'p',
      { class: 'headline', 'data-testid': 'whatif-headline' },
      delta === undefined
        ? 'Toggle fixes to see what they change together: the engine measures the exposure with all the toggled fixes made from the analysis it holds (no rebuild), then the paths after them from the same measurement.'
        : h(
            'span',
            {},
            'Exposed entry points: ',
            h('strong', {}, String(delta.before)),
            ' → ',
            h('strong', { 'data-testid': 'whatif-after' }, String(delta.after)),
            ` with ${plural(view.whatIf.size, 'fix', 'fixes')} applied together`,
            delta.cut.length > 0 ? ` (${String(delta.cut.length)} cut)` : '',
          ),
      view.busy
        ? h(
            'span',
            { class: 'busy', 'data-testid': 'whatif-busy' },
            ' recomputing…',
          )
        : null,
      !view.busy && view.serverMs !== undefined
        ? h(
            'span',
            { class: 'ms', 'data-testid': 'whatif-ms' },
            ` answered in ${String(view.wallMs ?? view.serverMs)} ms (engine ${String(view.serverMs)} ms)`,
            view.pathsMs === undefined
              ? ''
              : `; paths in ${String(view.pathsMs)} ms`,
          )
        : null,
      view.pathsBusy
        ? h(
            'span',
            { class: 'busy', 'data-testid': 'whatif-paths-busy' },
            ' recomputing the paths…',
          )
        : null,
    ),
    entries === undefined || entries.before === entries.after
      ? null
      : h(
          'p',
          { class: 'note', 'data-testid': 'entry-total' },
          `Entry points: ${String(entries.before)} → ${String(entries.after)}. `,
          entries.removed.length > 0
            ? `${plural(entries.removed.length, 'entry point')} go with the objects the fixes replace or delete (`
            : '',
          ...entries.removed
            .slice(0, 6)
            .flatMap((id, i) => [i > 0 ? ', ' : '', nodeLink(id, view.briefs)]),
          entries.removed.length > 6 ? ', …' : '',
          entries.removed.length > 0 ? '). ' : '',
          entries.added.length > 0
            ? `${plural(entries.added.length, 'entry point')} are new (replacement pods from a patched template).`
            : '',
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
    view.whatIf.size === 0
      ? null
      : h(
          'div',
          { class: 'applied' },
          h('h3', {}, 'Applied together'),
          h(
            'ul',
            {},
            ...[...view.whatIf].map(id =>
              h('li', {}, view.descriptions.get(id) ?? id),
            ),
          ),
          h(
            'div',
            { class: 'fix-actions' },
            h('button', { onclick: actions.reset }, 'Clear all'),
            setName,
            h(
              'button',
              {
                'data-testid': 'whatif-save-set',
                onclick: () => {
                  if (setName.value.trim() !== '')
                    actions.saveSet(setName.value.trim());
                },
              },
              'Save as a set',
            ),
          ),
        ),
    view.sets.length === 0
      ? null
      : h(
          'div',
          {},
          h('h3', {}, 'Saved sets'),
          h(
            'ul',
            { class: 'sets' },
            ...view.sets.map(set =>
              h(
                'li',
                { 'data-testid': 'whatif-set' },
                h('strong', {}, set.name),
                ` ${plural(set.fixes.length, 'fix', 'fixes')}`,
                set.exposedAfter === undefined
                  ? ''
                  : `, ${String(set.exposedAfter)} exposed`,
                ' ',
                h(
                  'button',
                  {
                    onclick: () => {
                      actions.apply(set.fixes);
                    },
                  },
                  'apply',
                ),
                h(
                  'button',
                  {
                    onclick: () => {
                      actions.removeSet(set.name);
                    },
                  },
                  'remove',
                ),
              ),
            ),
          ),
        ),
    h('h3', {}, 'Fixes, grouped by the object they change'),
    view.rows.length === 0
      ? h('p', {}, 'No measured fixes yet.')
      : fixList(
          view.rows,
          view.briefs,
          view.whatIf,
          view.planned,
          actions,
          view.figures,
        ),
    view.plan.length === 0
      ? null
      : h(
          'div',
          { class: 'plan', 'data-testid': 'plan' },
          h('h3', {}, 'Remediation plan (each step measured by the engine)'),
          h(
            'table',
            {},
            h(
              'tr',
              {},
              h('th', {}, '#'),
              h('th', {}, 'Fix'),
              h('th', { class: 'num' }, 'Exposed before → after'),
            ),
            ...view.plan.map(step =>
              h(
                'tr',
                { 'data-testid': 'plan-step' },
                h('td', {}, String(step.step)),
                h('td', {}, step.description, impactLine(step.impact)),
                h(
                  'td',
                  { class: 'num' },
                  `${String(step.before)} → ${String(step.after)}`,
                ),
              ),
            ),
          ),
        ),
  );
}
