/**
 * The routes of `chokepoint serve`'s JSON API: method, path, the schema of
 * the request (query string or JSON body) and of the answer. The server's
 * router and the viewer's client are both built from this one table, so a
 * route cannot drift between them.
 *
 * Every route that is not GET changes state or starts work: the server
 * accepts it only with its one method, an `application/json` body and a
 * same-origin request (security.md of the viewer, issue 12).
 */

import type * as v from 'valibot';
import {
  AnalysisResponse,
  FacetsResponse,
  FindingsQuery,
  FindingsResponse,
  NodeQuery,
  NodeResponse,
  NoQuery,
  PathQuery,
  PathResponse,
  PathsQuery,
  PathsResponse,
  ProfileResponse,
  QueriesResponse,
  QueryQuery,
  QueryResponse,
  SearchQuery,
  SearchResponse,
  Session,
  SessionSaved,
  Subgraph,
  TechniqueQuery,
  TechniqueResponse,
  WhatIfRequest,
  WhatIfExposureResponse,
  WhatIfResponse,
} from './schemas.ts';

type Schema = v.GenericSchema;

export interface QueryRoute {
  readonly method: 'GET';
  readonly path: `/api/${string}`;
  /** Parsed from the query string (every value a string). */
  readonly query: Schema;
  readonly response: Schema;
}

export interface BodyRoute {
  readonly method: 'POST' | 'PUT';
  readonly path: `/api/${string}`;
  /** Parsed from the `application/json` body. */
  readonly body: Schema;
  readonly response: Schema;
}

export type Route = QueryRoute | BodyRoute;

export const ROUTES = {
  analysis: {
    method: 'GET',
    path: '/api/analysis',
    query: NoQuery,
    response: AnalysisResponse,
  },
  whatIf: {
    method: 'POST',
    path: '/api/what-if',
    body: WhatIfRequest,
    response: WhatIfResponse,
  },
  whatIfExposure: {
    method: 'POST',
    path: '/api/what-if/exposure',
    body: WhatIfRequest,
    response: WhatIfExposureResponse,
  },
  search: {
    method: 'GET',
    path: '/api/search',
    query: SearchQuery,
    response: SearchResponse,
  },
  facets: {
    method: 'GET',
    path: '/api/facets',
    query: NoQuery,
    response: FacetsResponse,
  },
  node: {
    method: 'GET',
    path: '/api/node',
    query: NodeQuery,
    response: NodeResponse,
  },
  neighbourhood: {
    method: 'GET',
    path: '/api/neighbourhood',
    query: NodeQuery,
    response: Subgraph,
  },
  blastRadius: {
    method: 'GET',
    path: '/api/blast-radius',
    query: NodeQuery,
    response: Subgraph,
  },
  path: {
    method: 'GET',
    path: '/api/path',
    query: PathQuery,
    response: PathResponse,
  },
  paths: {
    method: 'GET',
    path: '/api/paths',
    query: PathsQuery,
    response: PathsResponse,
  },
  profile: {
    method: 'GET',
    path: '/api/profile',
    query: NodeQuery,
    response: ProfileResponse,
  },
  queries: {
    method: 'GET',
    path: '/api/queries',
    query: NoQuery,
    response: QueriesResponse,
  },
  query: {
    method: 'GET',
    path: '/api/query',
    query: QueryQuery,
    response: QueryResponse,
  },
  findings: {
    method: 'GET',
    path: '/api/findings',
    query: FindingsQuery,
    response: FindingsResponse,
  },
  technique: {
    method: 'GET',
    path: '/api/technique',
    query: TechniqueQuery,
    response: TechniqueResponse,
  },
  loadSession: {
    method: 'GET',
    path: '/api/session',
    query: NoQuery,
    response: Session,
  },
  saveSession: {
    method: 'PUT',
    path: '/api/session',
    body: Session,
    response: SessionSaved,
  },
} as const satisfies Record<string, Route>;

export type Routes = typeof ROUTES;
export type RouteName = keyof Routes;

type InputSchema<R extends Route> = R extends QueryRoute
  ? R['query']
  : R extends BodyRoute
    ? R['body']
    : never;

/** What a caller sends (query values as strings, or the JSON body). */
export type RouteInput<K extends RouteName> = v.InferInput<
  InputSchema<Routes[K]>
>;
/** What a handler receives, once parsed. */
export type RouteParsed<K extends RouteName> = v.InferOutput<
  InputSchema<Routes[K]>
>;
/** What the answer is. */
export type RouteOutput<K extends RouteName> = v.InferOutput<
  Routes[K]['response']
>;
