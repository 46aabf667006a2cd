/**
 * The landing panel: how many entry points reach a critical asset, by class
 * (the Internet first), the worst path (drawn on load), the critical assets
 * at risk and the top choke points with their measured effect.
 */

import type { AttackPath } from '@chokepoint/engine';
import type { Briefs } from '@chokepoint/viewer-api';
import { h } from '../dom.ts';
import type { Overview } from '../view-model.ts';
import { pathTitle } from '../view-model.ts';
import type { FixListActions } from './common.ts';
import { fixList, nodeLink, plural } from './common.ts';

export function overviewPanel(
  model: Overview,
  briefs: Briefs,
  phase: string,
  whatIf: ReadonlySet<string>,
  planned: ReadonlySet<string>,
  actions: FixListActions & {
    readonly showClass: (id: string) => void;
    readonly showAsset: (id: string) => void;
    readonly showPath: (path: AttackPath) => void;
  },
): HTMLElement {
  const { worst } = model;
  return h(
    'section',
    { class: 'overview', 'data-testid': 'overview' },
    h(
      'p',
      { class: 'headline' },
      h('strong', { 'data-testid': 'overview-exposed' }, String(model.exposed)),
      ` of ${String(model.entryPoints)} entry points reach a critical asset (${String(model.criticalAssets)} assets).`,
    ),
    worst === undefined
      ? null
      : h(
          'div',
          { class: 'worst', 'data-testid': 'worst-path' },
          h('h3', {}, 'Worst path'),
          h(
            'button',
            {
              class: 'link',
              onclick: () => {
                actions.showPath(worst);
              },
            },
            pathTitle(worst, briefs),
          ),
          ` ${plural(worst.length, 'step')}, confidence ${worst.confidence}`,
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
              nodeLink(a.id, briefs),
              ` ${plural(a.paths, 'path')}, shortest ${plural(a.shortest, 'step')}`,
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
        : fixList(model.chokepoints, briefs, whatIf, planned, actions),
  );
}
