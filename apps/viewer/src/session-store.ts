/**
 * Nothing of a session is lost on a reload before it is saved: every change
 * is kept as a draft in the browser's localStorage (per session file), and
 * the page reopens on the draft when it differs from the saved file. The
 * draft is a copy; the session file written by Save stays the record.
 */

import type { Session } from '@chokepoint/viewer-api';
import { parseSession } from './session-model.ts';

interface Draft {
  readonly session: unknown;
  /** When the draft was written (ms since epoch). */
  readonly at: number;
  /** Whether it holds changes not yet saved to the file. */
  readonly dirty: boolean;
}

function key(sessionFile: string): string {
  return `chokepoint.session-draft:${sessionFile}`;
}

export function writeDraft(
  sessionFile: string,
  session: Session,
  dirty: boolean,
): void {
  try {
    localStorage.setItem(
      key(sessionFile),
      JSON.stringify({ session, at: Date.now(), dirty } satisfies Draft),
    );
  } catch {
    // Storage full or disabled: the Save button still works.
  }
}

export function readDraft(
  sessionFile: string,
): { session: Session; at: number; dirty: boolean } | undefined {
  try {
    const text = localStorage.getItem(key(sessionFile));
    if (text === null) return undefined;
    const draft = JSON.parse(text) as Draft;
    return {
      session: parseSession(draft.session),
      at: draft.at,
      dirty: draft.dirty,
    };
  } catch {
    return undefined;
  }
}
