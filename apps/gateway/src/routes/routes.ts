import type { RouteSpec } from '../http/route';
import { customerRoutes } from './customer.routes';
import { operatorRoutes } from './operator.routes';
import { publicRoutes } from './public.routes';
import { supplierRoutes } from './supplier.routes';

/**
 * Every HTTP route of the gateway, described once. A controller method binds to its entry with
 * `@Route(routes.name)`; `/docs/openapi.json` is generated from this table; docs.spec.ts checks that
 * the routes Nest registers, this table and the document agree.
 */
export const routes = { ...customerRoutes, ...supplierRoutes, ...operatorRoutes, ...publicRoutes } satisfies Record<
  string,
  RouteSpec
>;

export type RouteName = keyof typeof routes;
