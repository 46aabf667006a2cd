/** The session record: decisions, notes, what-if sets and the Markdown handed over. */

import { describe, expect, it } from 'vitest';
import {
  addNote,
  emptySession,
  expiredDecisions,
  parseSession,
  removeDecision,
  saveWhatIfSet,
  sessionMarkdown,
  upsertDecision,
} from '../src/session-model.ts';
import { pathKey } from '../src/view-model.ts';
import { chokepoint, pathA, pathB, result } from './fixtures.ts';

const at = '2026-12-01T20:00:00.000Z';

describe('session', () => {
  it('keeps one decision per step, path or fix, with who, why and until', () => {
    let decisions = upsertDecision([], {
      type: 'accept-path',
      key: pathKey(pathB),
      label: 'Internet → masters',
      who: 'Ana',
      why: 'first',
      until: '',
      at,
    });
    decisions = upsertDecision(decisions, {
      type: 'accept-path',
      key: pathKey(pathB),
      label: 'Internet → masters',
      who: 'Ana',
      why: 'second | with pipe',
      until: '2027-01-31',
      at,
    });
    decisions = upsertDecision(decisions, {
      type: 'plan-fix',
      key: chokepoint.fix.id,
      label: chokepoint.fix.description,
      who: 'platform team',
      why: 'this sprint',
      until: '2026-12-20',
      at,
    });
    expect(decisions).toHaveLength(2);
    expect(
      removeDecision(decisions, 'plan-fix', chokepoint.fix.id),
    ).toHaveLength(1);
    const session = { ...emptySession('demo', ['x']), decisions };
    expect(expiredDecisions(session, '2027-02-01').map(d => d.type)).toEqual([
      'accept-path',
      'plan-fix',
    ]);
    expect(expiredDecisions(session, '2026-12-10')).toEqual([]);
  });

  it('reads back what it saves, upgrades version 1 and rejects other files', () => {
    const session = saveWhatIfSet(
      addNote(emptySession('demo', ['a']), {
        id: 'n1',
        text: 'talk to the CI owners',
        about: 'Container:ci/runner-0/runner',
        aboutLabel: 'Container runner-0/runner',
        at,
      }),
      { name: 'quick wins', fixes: ['k'], exposedAfter: 3, at },
    );
    expect(parseSession(JSON.parse(JSON.stringify(session)))).toEqual(session);
    const v1 = parseSession({
      format: 'chokepoint.session',
      schemaVersion: 1,
      cluster: 'demo',
      inputs: [],
      savedAt: at,
      decisions: [{ type: 'plan-fix', key: 'k', label: 'l', comment: 'c', at }],
      whatIf: ['k'],
    });
    expect(v1.schemaVersion).toBe(2);
    expect(v1.decisions[0]).toMatchObject({ why: 'c', who: '', until: '' });
    expect(() => parseSession({ format: 'chokepoint.snapshot' })).toThrow(
      /session/,
    );
    expect(() =>
      parseSession({ ...session, decisions: [{ type: 'bogus' }] }),
    ).toThrow(/decisions\.0/);
  });
});

describe('sessionMarkdown', () => {
  const base = result([pathA, pathB], [chokepoint]);
  const session = {
    ...emptySession('demo', ['examples/demo-cluster']),
    decisions: [
      {
        type: 'accept-edge' as const,
        key: 'edge:Internet|SOMETHING_NEW|Group:system:masters',
        label: 'SOMETHING_NEW: Internet → system:masters',
        who: 'Ana (security)',
        why: 'behind a VPN | really',
        until: '2027-03-31',
        at,
      },
      {
        type: 'plan-fix' as const,
        key: chokepoint.fix.id,
        label: chokepoint.fix.description,
        who: 'platform',
        why: 'this sprint',
        until: '2026-12-20',
        at,
      },
    ],
    notes: [
      { id: 'n', text: 'ask the CI team', about: '', aboutLabel: '', at },
    ],
    whatIf: [chokepoint.fix.id],
  };

  it('writes figures before and after, decisions, notes and the paths as steps', () => {
    const md = sessionMarkdown(session, {
      base,
      current: result([pathB]),
      briefs: { 'Container:ci/runner-0/runner': { label: 'runner-0/runner' } },
      exportedAt: at,
    });
    expect(md).toContain('# Threat-modelling session: demo');
    expect(md).toContain('| | Before | With the 1 what-if fix |');
    expect(md).toContain('| Exposed entry points | 2 | 1 |');
    expect(md).toContain(
      '| step | SOMETHING_NEW: Internet → system:masters | Ana (security) | behind a VPN \\| really | 2027-03-31 |',
    );
    expect(md).toContain(
      '| delete ClusterRoleBinding:ci-runner-deploys | 1 | 1 | platform | this sprint | 2026-12-20 |',
    );
    expect(md).toContain('- ask the CI team');
    expect(md).toContain('## Worst attack paths left with the what-if fixes');
    expect(md).toContain('### 1. Internet → system:masters (1 steps');
    expect(md).toMatch(
      /1\. \*\*SOMETHING_NEW\*\*: Internet → Group system:masters\. unknown technique\. Why it works: a kind the viewer has never heard of/,
    );
  });

  it('writes every step of a path, with readable names', () => {
    const md = sessionMarkdown(
      { ...session, whatIf: [] },
      {
        base,
        current: base,
        briefs: {
          'Container:ci/runner-0/runner': { label: 'runner-0/runner' },
        },
        exportedAt: at,
      },
    );
    expect(md).toContain('## Worst attack paths');
    expect(md).toContain('| Exposed entry points | 2 |');
    expect(md).toContain(
      '1. **IDENTITY_ASSUME**: Container runner-0/runner → ServiceAccount ci/runner.',
    );
    expect(md).toContain(
      '2. **GRANTS**: ServiceAccount ci/runner → Node cp-1.',
    );
  });
});
