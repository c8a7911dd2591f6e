import { Test } from '@nestjs/testing';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { INestApplication } from '@nestjs/common';
import { gatewayControllers } from '../controllers';
import { routeOf, type ContractReplyOf, type ReplyTo } from '../http/route';
import { routes } from './routes';

type Table = typeof routes;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Routes whose reply schema is not exactly the reply type of their NATS request (checked by tsc; none may be listed). */
type Mismatched = {
  [K in keyof Table]: Table[K]['request'] extends null
    ? never
    : Equals<ReplyTo<Table[K]>, ContractReplyOf<Table[K]>> extends true
      ? never
      : K;
}[keyof Table];
// placeOrder answers the `order` of orders.place's reply ({ created, order }); created picks the status.
const replySchemasMatchTheirContracts: [Exclude<Mismatched, 'placeOrder'>] extends [never] ? true : false = true;
const placeOrderAnswersTheOrder: Equals<ReplyTo<Table['placeOrder']>, ContractReplyOf<Table['placeOrder']>['order']> = true;

/** Health is served by @atelier/platform's HealthModule on every app; it is not part of the gateway's API. */
const platformRoutes = ['GET /health/live', 'GET /health/ready'];

describe('the route table', () => {
  let app: INestApplication;

  beforeAll(async () => {
    // Only the controllers, their dependencies stubbed: what matters here is what Nest registers.
    const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule], controllers: gatewayControllers })
      .useMocker(() => ({}))
      .compile();
    app = moduleRef.createNestApplication(new ExpressAdapter(), { bodyParser: false, logger: false });
    await app.init();
  });

  afterAll(() => app?.close());

  it('holds every route Nest registers for the gateway, and nothing Nest does not serve', () => {
    type Layer = { route?: { path: string; methods: Record<string, boolean> } };
    const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
    const registered = express.router.stack
      .filter((layer) => layer.route)
      .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`));
    const table = Object.values(routes).map((route) => `${route.method} /${route.path}`);
    expect(registered.filter((route) => !platformRoutes.includes(route)).sort()).toEqual(table.sort());
    expect(new Set(table).size).toBe(table.length);
  });

  it('is where every controller method takes its method and path from (@Route)', () => {
    const discovery = app.get(DiscoveryService);
    const scanner = app.get(MetadataScanner);
    const bound: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const prototype = Object.getPrototypeOf(wrapper.instance) as Record<string, object>;
      for (const method of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method];
        if (!Reflect.getMetadata('path', handler)) continue; // not a route handler (a private helper)
        const route = routeOf(handler);
        expect({ handler: `${wrapper.name}.${method}`, bound: route !== undefined }).toEqual({
          handler: `${wrapper.name}.${method}`,
          bound: true,
        });
        expect(Reflect.getMetadata('path', handler)).toBe(route!.path);
        bound.push(Object.entries(routes).find(([, spec]) => spec === route)![0]);
      }
    }
    expect(bound.sort()).toEqual(Object.keys(routes).sort());
  });

  it('types every reply schema as its NATS request replies (checked by tsc)', () => {
    expect(replySchemasMatchTheirContracts && placeOrderAnswersTheOrder).toBe(true);
  });
});
