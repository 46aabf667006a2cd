/**
 * The session record: decisions (accepted risks on steps and paths, planned
 * fixes) with who, why and until when, free notes (on the session or on
 * what is selected), what-if sets; saved to the session file, kept as a
 * draft in the browser until then, exported as Markdown and PNG.
 */

import type { Decision, Session } from '@chokepoint/viewer-api';
import { h } from '../dom.ts';
import { plural } from './common.ts';

const DECISION_BADGE: Readonly<Record<Decision['type'], [string, string]>> = {
  'accept-edge': ['accepted', 'step accepted'],
  'accept-path': ['accepted', 'path accepted'],
  'plan-fix': ['planned', 'fix planned'],
};

export function sessionPanel(
  session: Session,
  sessionFile: string,
  status: string,
  about: { key: string; label: string } | undefined,
  expired: ReadonlySet<string>,
  actions: {
    readonly save: () => void;
    readonly reload: () => void;
    readonly png: () => void;
    readonly markdown: () => void;
    readonly remove: (decision: Decision) => void;
    readonly addNote: (text: string, about: boolean) => void;
    readonly removeNote: (id: string) => void;
  },
): HTMLElement {
  const note = h('textarea', {
    rows: 3,
    placeholder: 'a note for the record',
    'data-testid': 'note-text',
  }) as HTMLTextAreaElement;
  const onSelection = h('input', {
    type: 'checkbox',
    checked: about !== undefined,
    'data-testid': 'note-about',
  }) as HTMLInputElement;
  return h(
    'section',
    { class: 'session' },
    h('p', {}, 'Session file: ', h('code', {}, sessionFile)),
    h(
      'div',
      { class: 'fix-actions' },
      h(
        'button',
        {
          class: 'primary',
          'data-testid': 'session-save',
          onclick: actions.save,
        },
        'Save',
      ),
      h(
        'button',
        { 'data-testid': 'session-load', onclick: actions.reload },
        'Reload from file',
      ),
      h(
        'button',
        { 'data-testid': 'export-md', onclick: actions.markdown },
        'Export Markdown',
      ),
      h(
        'button',
        { 'data-testid': 'export-png', onclick: actions.png },
        'Export view as PNG',
      ),
    ),
    status === ''
      ? null
      : h('p', { class: 'status', 'data-testid': 'session-status' }, status),
    h('h3', {}, `Notes (${String(session.notes.length)})`),
    note,
    h(
      'div',
      { class: 'fix-actions' },
      about === undefined
        ? null
        : h('label', {}, onSelection, ` about ${about.label}`),
      h(
        'button',
        {
          'data-testid': 'note-add',
          onclick: () => {
            if (note.value.trim() !== '')
              actions.addNote(note.value.trim(), onSelection.checked);
          },
        },
        'Add note',
      ),
    ),
    h(
      'ul',
      { class: 'notes' },
      ...session.notes.map(n =>
        h(
          'li',
          { 'data-testid': 'note' },
          n.about === ''
            ? null
            : h('div', { class: 'muted' }, `on ${n.aboutLabel}`),
          h('div', { class: 'note-text' }, n.text),
          h(
            'button',
            {
              class: 'link',
              onclick: () => {
                actions.removeNote(n.id);
              },
            },
            'remove',
          ),
        ),
      ),
    ),
    h('h3', {}, `Decisions (${String(session.decisions.length)})`),
    session.decisions.length === 0
      ? h(
          'p',
          {},
          'None yet: accept a step or a path as a risk, or plan a fix.',
        )
      : h(
          'ul',
          { class: 'decisions' },
          ...session.decisions.map(d => {
            const [badge, text] = DECISION_BADGE[d.type];
            return h(
              'li',
              { 'data-testid': 'decision', 'data-type': d.type },
              h('span', { class: `badge ${badge}` }, text),
              expired.has(d.key)
                ? h('span', { class: 'badge bad' }, 'expired')
                : null,
              ' ',
              d.label,
              h(
                'div',
                { class: 'comment' },
                `${d.who === '' ? 'someone' : d.who}${d.until === '' ? '' : `, until ${d.until}`}: ${d.why}`,
              ),
              h(
                'button',
                {
                  class: 'link',
                  onclick: () => {
                    actions.remove(d);
                  },
                },
                'remove',
              ),
            );
          }),
        ),
    session.whatIfSets.length === 0
      ? null
      : h(
          'p',
          {},
          `${plural(session.whatIfSets.length, 'what-if set')} (What-if tab).`,
        ),
  );
}
