/**
 * The viewer's client of `chokepoint serve`, built from the contract's route
 * table (@chokepoint/viewer-api): requests are relative to the page, so the
 * viewer works under any port, and every answer is parsed with its route's
 * schema. Errors carry the server's message.
 */

import * as v from 'valibot';
import { describeIssues, ErrorBody, ROUTES } from '@chokepoint/viewer-api';
import type {
  Route,
  RouteInput,
  RouteName,
  RouteOutput,
} from '@chokepoint/viewer-api';

function queryString(input: object): string {
  const search = new URLSearchParams();
  for (const [k, value] of Object.entries(input)) {
    if (typeof value === 'string' && value !== '') search.set(k, value);
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export async function call<K extends RouteName>(
  name: K,
  input: RouteInput<K>,
  signal?: AbortSignal,
): Promise<RouteOutput<K>> {
  const route: Route = ROUTES[name];
  const relative = route.path.slice(1);
  const response =
    route.method === 'GET'
      ? await fetch(`${relative}${queryString(input)}`, {
          signal: signal ?? null,
        })
      : await fetch(relative, {
          method: route.method,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input),
          signal: signal ?? null,
        });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(
      `${route.path}: ${String(response.status)} ${text.slice(0, 200)}`,
    );
  }
  if (!response.ok) {
    const error = v.safeParse(ErrorBody, body);
    throw new Error(
      error.success ? error.output.error : String(response.status),
    );
  }
  const parsed = v.safeParse(route.response, body);
  if (!parsed.success)
    throw new Error(
      `${route.path}: unexpected answer: ${describeIssues(parsed.issues)}`,
    );
  return parsed.output as RouteOutput<K>;
}

export const api = {
  analysis: () => call('analysis', {}),
  /** `signal`: give up (the server then stops the rerun). */
  whatIf: (fixes: readonly string[], signal?: AbortSignal) =>
    call('whatIf', { fixes: [...fixes] }, signal),
  whatIfExposure: (fixes: readonly string[]) =>
    call('whatIfExposure', { fixes: [...fixes] }),
  search: (q: string, namespace?: string, kind?: string, limit = '50') =>
    call('search', {
      q,
      ...(namespace === undefined ? {} : { namespace }),
      ...(kind === undefined ? {} : { kind }),
      limit,
    }),
  facets: () => call('facets', {}),
  node: (id: string) => call('node', { id }),
  neighbourhood: (id: string) => call('neighbourhood', { id }),
  blastRadius: (id: string) => call('blastRadius', { id }),
  paths: (
    from: string,
    to: string,
    mode: 'shortest' | 'likely',
    alternatives: number,
  ) => call('paths', { from, to, mode, alternatives: String(alternatives) }),
  profile: (id: string) => call('profile', { id }),
  queries: () => call('queries', {}),
  query: (id: string) => call('query', { id }),
  findings: (filter: RouteInput<'findings'>) => call('findings', filter),
  technique: (kind: string) => call('technique', { kind }),
  loadSession: () => call('loadSession', {}),
  saveSession: (session: RouteInput<'saveSession'>) =>
    call('saveSession', session),
};
