/**
 * @chokepoint/viewer-api: the one declaration of the JSON API between
 * `chokepoint serve` and the viewer (schemas, inferred types, routes). Pure:
 * it runs in the server, in the browser and in tests.
 */

export * from './schemas.ts';
export { ROUTES } from './routes.ts';
export type {
  BodyRoute,
  QueryRoute,
  Route,
  RouteInput,
  RouteName,
  RouteOutput,
  RouteParsed,
  Routes,
} from './routes.ts';
