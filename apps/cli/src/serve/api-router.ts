/**
 * Routes `/api/*` requests through the contract's route table
 * (@chokepoint/viewer-api): the method, then the query string or JSON body
 * parsed with the route's schema (400 naming what is wrong), then the
 * handler, whose answer type the contract fixes.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import * as v from 'valibot';
import { describeIssues, ROUTES } from '@chokepoint/viewer-api';
import type {
  Route,
  RouteName,
  RouteParsed,
  Routes,
} from '@chokepoint/viewer-api';
import { HttpError, readBody, sendJson } from './http.ts';

/** Handlers may answer with read-only data (the engine's results are). */
type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [P in keyof T]: DeepReadonly<T[P]> }
    : T;

type Answer<K extends RouteName> = DeepReadonly<
  v.InferInput<Routes[K]['response']>
>;

/** `signal` aborts when the client gives up on the request (closes it unanswered). */
export type ApiHandlers = {
  readonly [K in RouteName]: (
    input: RouteParsed<K>,
    signal: AbortSignal,
  ) => Answer<K> | Promise<Answer<K>>;
};

/** Paths to the routes they hold, by method. */
function routeTable(): Map<string, Map<string, RouteName>> {
  const table = new Map<string, Map<string, RouteName>>();
  for (const [name, route] of Object.entries(ROUTES) as [RouteName, Route][]) {
    const methods = table.get(route.path) ?? new Map<string, RouteName>();
    methods.set(route.method, name);
    table.set(route.path, methods);
  }
  return table;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
}

export function apiRouter(handlers: ApiHandlers) {
  const table = routeTable();
  /** Answers the request; throws HttpError for a refused one. */
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<void> => {
    const methods = table.get(url.pathname);
    if (methods === undefined)
      throw new HttpError(404, `no API ${url.pathname}`);
    const name = methods.get(req.method ?? '');
    if (name === undefined) {
      const allow = [...methods.keys()].join(', ');
      throw new HttpError(405, `${url.pathname} accepts ${allow} only`, {
        allow,
      });
    }
    const route: Route = ROUTES[name];
    if (route.method !== 'GET') {
      const type = (req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim()
        .toLowerCase();
      if (type !== 'application/json')
        throw new HttpError(
          415,
          `${route.method} ${route.path} takes an application/json body`,
        );
    }
    const raw =
      route.method === 'GET'
        ? Object.fromEntries(url.searchParams)
        : parseJson(await readBody(req));
    const schema = route.method === 'GET' ? route.query : route.body;
    const parsed = v.safeParse(schema, raw);
    if (!parsed.success)
      throw new HttpError(
        400,
        `${route.method} ${route.path}: ${describeIssues(parsed.issues)}`,
      );
    const handler = handlers[name] as (
      input: unknown,
      signal: AbortSignal,
    ) => unknown;
    const gaveUp = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gaveUp.abort();
    });
    sendJson(res, 200, await handler(parsed.output, gaveUp.signal));
  };
}
