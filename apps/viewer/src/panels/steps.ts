/**
 * An attack path's steps, top to bottom like the drawing: what the attacker
 * does, why it works here (the evidence: object, fields, permissions), its
 * confidence and the technique's doc; each step (an edge) and the whole
 * path can be accepted as a risk with who, why and until when.
 */

import type { AttackPath, PathStep } from '@chokepoint/engine';
import type { Briefs, Decision } from '@chokepoint/viewer-api';
import { h } from '../dom.ts';
import { edgeKey, pathKey, pathTitle, stepView } from '../view-model.ts';
import type { DecisionInput } from './common.ts';
import { decisionForm, nodeLink, plural } from './common.ts';

export interface StepActions {
  readonly open: (id: string) => void;
  readonly doc: (kind: string) => void;
  readonly decision: (
    type: 'accept-edge' | 'accept-path',
    key: string,
  ) => Decision | undefined;
  readonly accept: (
    type: 'accept-edge' | 'accept-path',
    key: string,
    label: string,
    input: DecisionInput,
  ) => void;
  readonly withdraw: (type: 'accept-edge' | 'accept-path', key: string) => void;
}

export function stepLabel(step: PathStep, briefs: Briefs): string {
  return `${step.kind}: ${pathTitle(step, briefs)}`;
}

function stepItem(
  step: PathStep,
  index: number,
  briefs: Briefs,
  actions: StepActions,
  open: boolean,
): HTMLElement {
  const view = stepView(step, index);
  const key = edgeKey(step);
  const decision = actions.decision('accept-edge', key);
  const form = h('div', { class: 'step-decision', hidden: !open });
  form.append(
    decisionForm(
      'Accept this step as a risk',
      decision,
      input => {
        actions.accept('accept-edge', key, stepLabel(step, briefs), input);
      },
      () => {
        actions.withdraw('accept-edge', key);
      },
    ),
  );
  return h(
    'li',
    { 'data-testid': 'step', 'data-kind': view.kind, 'data-key': key },
    h(
      'div',
      { class: 'step-head' },
      h('strong', {}, view.kind),
      ' ',
      view.hasDoc
        ? h(
            'button',
            {
              class: 'link',
              'data-testid': 'doc-link',
              onclick: () => {
                actions.doc(view.kind);
              },
            },
            'technique doc',
          )
        : null,
      h('span', { class: `confidence ${view.confidence}` }, view.confidence),
      decision === undefined
        ? null
        : h(
            'span',
            { class: 'badge accepted', 'data-testid': 'step-accepted' },
            'accepted',
          ),
    ),
    h(
      'div',
      { class: 'hop' },
      nodeLink(step.from, briefs, actions.open),
      ' → ',
      nodeLink(step.to, briefs, actions.open),
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
    decision === undefined
      ? null
      : h(
          'div',
          { class: 'decided' },
          `Accepted by ${decision.who || 'someone'}${decision.until === '' ? '' : ` until ${decision.until}`}: ${decision.why}`,
        ),
    h(
      'div',
      { class: 'fix-actions' },
      h(
        'button',
        {
          'data-testid': 'accept-step',
          onclick: () => {
            form.hidden = !form.hidden;
          },
        },
        decision === undefined ? 'Accept as risk…' : 'Change decision…',
      ),
    ),
    form,
    h(
      'details',
      {},
      h('summary', {}, 'evidence'),
      h('pre', {}, JSON.stringify(view.evidence, null, 2)),
    ),
  );
}

export function pathDetails(
  paths: readonly AttackPath[],
  briefs: Briefs,
  actions: StepActions,
): HTMLElement {
  const path = paths.length === 1 ? paths[0] : undefined;
  if (path === undefined) {
    return h(
      'section',
      {},
      h('h2', {}, plural(paths.length, 'path')),
      h('p', {}, 'Click a path in the list to see its steps and evidence.'),
    );
  }
  const key = pathKey(path);
  const decision = actions.decision('accept-path', key);
  return h(
    'section',
    { class: 'steps', 'data-testid': 'path-details' },
    h('h2', {}, pathTitle(path, briefs)),
    h(
      'p',
      {},
      nodeLink(path.from, briefs, actions.open),
      ' → ',
      nodeLink(path.to, briefs, actions.open),
      ` (${plural(path.length, 'step')}, confidence ${path.confidence})`,
    ),
    h(
      'details',
      { class: 'path-decision', open: decision !== undefined },
      h(
        'summary',
        {},
        decision === undefined
          ? 'Accept the whole path as a risk…'
          : `Path accepted by ${decision.who || 'someone'}${decision.until === '' ? '' : ` until ${decision.until}`}`,
      ),
      decisionForm(
        'Accept path as risk',
        decision,
        input => {
          actions.accept('accept-path', key, pathTitle(path, briefs), input);
        },
        () => {
          actions.withdraw('accept-path', key);
        },
      ),
    ),
    h(
      'ol',
      {},
      ...path.steps.map((step, i) => stepItem(step, i, briefs, actions, false)),
    ),
  );
}

/** One edge of a drawing, with its accept-as-risk form open. */
export function edgeDetails(
  step: PathStep,
  briefs: Briefs,
  actions: StepActions,
): HTMLElement {
  return h(
    'section',
    { class: 'steps', 'data-testid': 'edge-details' },
    h('h2', {}, stepLabel(step, briefs)),
    h('ol', {}, stepItem(step, 0, briefs, actions, true)),
  );
}
