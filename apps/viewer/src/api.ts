/**
 * Calls to the JSON API of `chokepoint serve`, relative to the page so the
 * viewer works under any port. Errors carry the server's message.
 */

import type {
  AnalysisResponse,
  FacetsResponse,
  NodeResponse,
  SearchResponse,
  Session,
  Subgraph,
  WhatIfResponse,
} from './api-types.ts';
import type { AttackPath } from '@chokepoint/engine';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(
      `${path}: ${String(response.status)} ${text.slice(0, 200)}`,
    );
  }
  if (!response.ok) {
    const message =
      typeof body === 'object' && body !== null && 'error' in body
        ? String(body.error)
        : String(response.status);
    throw new Error(message);
  }
  return body as T;
}

const q = (params: Record<string, string | undefined>): string => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') search.set(k, v);
  }
  return search.toString();
};

export const api = {
  analysis: () => call<AnalysisResponse>('api/analysis'),
  whatIf: (fixes: readonly string[]) =>
    call<WhatIfResponse>('api/what-if', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fixes }),
    }),
  search: (query: string, namespace?: string, kind?: string) =>
    call<SearchResponse>(
      `api/search?${q({ q: query, namespace, kind, limit: '50' })}`,
    ),
  facets: () => call<FacetsResponse>('api/facets'),
  node: (id: string) => call<NodeResponse>(`api/node?${q({ id })}`),
  neighbourhood: (id: string) =>
    call<Subgraph>(`api/neighbourhood?${q({ id })}`),
  blastRadius: (id: string) => call<Subgraph>(`api/blast-radius?${q({ id })}`),
  path: (from: string, to: string) =>
    call<AttackPath | null>(`api/path?${q({ from, to })}`),
  loadSession: () => call<unknown>('api/session'),
  saveSession: (session: Session) =>
    call<{ saved: string }>('api/session', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(session),
    }),
};
