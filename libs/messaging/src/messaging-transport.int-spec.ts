import {
  Catch,
  Controller,
  Injectable,
  Module,
  UseFilters,
  UseGuards,
  UseInterceptors,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
  type NestInterceptor,
  type PipeTransform,
  type RpcExceptionFilter,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AppError, defineRequest, Namespace, OrderEvents, type EventDataOf } from '@atelier/contracts';
import { cleanUpNamespace, publishEvent, testDatabaseUrl, testNamespace, waitFor } from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { throwError, tap, type Observable } from 'rxjs';
import { z } from 'zod';
import {
  connectMessaging,
  EventsModule,
  Handles,
  listDeadLetters,
  messagingTablesSql,
  MessagingModule,
  OnEvent,
  RequestClient,
  type BatchItem,
  type EventContext,
  type RequestContext,
} from './index';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ns = testNamespace('transport');
const schema = `${ns}_probe`;
const Greet = defineRequest<{ greeting: string; correlationId: string }>()('probe.greet', z.object({ name: z.string().min(1) }));
const Shout = defineRequest<{ shouted: string }>()('probe.shout', z.object({ text: z.string() }));

/** What the enhancers saw: the interceptor's context types and subjects, in call order. */
const seen = { intercepted: [] as string[], guarded: 0, handled: [] as string[], batches: [] as string[][] };

@Injectable()
class Labeller implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const label = `${context.getType()}:${context.getHandler().name}`;
    return next.handle().pipe(tap(() => seen.intercepted.push(label)));
  }
}

/** Lets nobody called "intruder" in; "impostor" is refused with a typed error of its own. */
@Injectable()
class NoIntruders implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    seen.guarded++;
    const { name } = context.switchToRpc().getData<{ name: string }>();
    if (name === 'impostor') throw new AppError('CONFLICT', 'Impostors are told why');
    return name !== 'intruder';
  }
}

class Teapot extends Error {}

@Catch(Teapot)
class TeapotAsConflict implements RpcExceptionFilter<Teapot> {
  catch(exception: Teapot): Observable<never> {
    return throwError(() => new AppError('CONFLICT', `I am a teapot: ${exception.message}`));
  }
}

class Uppercase implements PipeTransform<{ text: string }> {
  transform(value: { text: string }): { text: string } {
    return { text: value.text.toUpperCase() };
  }
}

@Controller()
@UseInterceptors(Labeller)
class ProbeController {
  @Handles(Greet)
  @UseGuards(NoIntruders)
  @UseFilters(TeapotAsConflict)
  async greet(
    { name }: { name: string },
    { correlationId }: RequestContext,
  ): Promise<{ greeting: string; correlationId: string }> {
    if (name === 'teapot') throw new Teapot('short and stout');
    if (name === 'nobody') throw AppError.notFound('Nobody');
    return { greeting: `Hello, ${name}`, correlationId };
  }

  @Handles(Shout)
  async shout(@Payload(Uppercase) { text }: { text: string }): Promise<{ shouted: string }> {
    return { shouted: text };
  }

  @OnEvent(OrderEvents.cancelled, { consumer: 'probe', perOrder: 2 })
  async cancelled(data: EventDataOf<typeof OrderEvents.cancelled>, { tx }: EventContext): Promise<void> {
    if (data.reason === 'poison') throw new Error('probe failure');
    await tx.manager.query(`INSERT INTO "${schema}"."effects" ("order_id") VALUES ($1)`, [data.orderId]);
    seen.handled.push(data.orderId);
  }

  @OnEvent(OrderEvents.inProduction, { consumer: 'probe', batch: true })
  async inProduction(items: Array<BatchItem<EventDataOf<typeof OrderEvents.inProduction>>>): Promise<void> {
    seen.batches.push(items.map(({ data }) => data.orderId));
  }
}

@Module({
  imports: [
    MessagingModule.forService({ serviceName: 'probe', natsUrl, namespace: ns, maxDeliveries: 2 }),
    TypeOrmModule.forRoot({ type: 'postgres', url: testDatabaseUrl, schema, entities: [], synchronize: false }),
    EventsModule,
  ],
  controllers: [ProbeController],
  providers: [Labeller, NoIntruders],
})
class ProbeModule {}

describe('message handlers declared the Nest way (@Handles, @OnEvent) on real NATS and PostgreSQL', () => {
  let app: INestApplication;
  let nc: NatsConnection;
  let db: Client;
  let client: RequestClient;

  beforeAll(async () => {
    db = new Client({ connectionString: testDatabaseUrl });
    await db.connect();
    await db.query(`CREATE SCHEMA "${schema}"`);
    for (const sql of messagingTablesSql(schema)) await db.query(sql);
    await db.query(`CREATE TABLE "${schema}"."effects" ("order_id" text NOT NULL)`);
    app = await NestFactory.create(ProbeModule, { logger: ['error'] });
    connectMessaging(app);
    await app.init();
    await app.startAllMicroservices();
    client = app.get(RequestClient);
    nc = await connect({ servers: natsUrl });
  });

  afterAll(async () => {
    await app?.close();
    await nc?.drain();
    await db?.end();
    await cleanUpNamespace(ns);
  });

  it('answers a request through the controller, its interceptor seeing it in the RPC context', async () => {
    const reply = await client.request(Greet, { name: 'Ada' });
    expect(reply).toEqual({ greeting: 'Hello, Ada', correlationId: expect.any(String) });
    expect(seen.intercepted).toContain('rpc:greet');
  });

  it('checks the request against its contract before any guard or handler runs', async () => {
    const guarded = seen.guarded;
    await expect(client.request(Greet, { name: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(seen.guarded).toBe(guarded);
  });

  it('answers a guard that refuses with a typed error, and one that throws an AppError with that error', async () => {
    await expect(client.request(Greet, { name: 'intruder' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(client.request(Greet, { name: 'impostor' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Impostors are told why',
    });
  });

  it("maps an error through the handler's exception filter, and leaves the handler's own AppErrors as they are", async () => {
    await expect(client.request(Greet, { name: 'teapot' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'I am a teapot: short and stout',
    });
    await expect(client.request(Greet, { name: 'nobody' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('applies a pipe to the payload', async () => {
    await expect(client.request(Shout, { text: 'quiet' })).resolves.toEqual({ shouted: 'QUIET' });
  });

  it('handles events in the durable consumer named on the handler, in its transaction, through the interceptor', async () => {
    const orderId = randomUUID();
    await publishEvent(nc, ns, OrderEvents.cancelled, orderId, { orderId, customerId: 'c1', reason: null });
    await waitFor('the cancelled event handled', () => seen.handled.includes(orderId));
    const { rows } = await db.query(`SELECT "order_id" FROM "${schema}"."effects" WHERE "order_id" = $1`, [orderId]);
    expect(rows).toHaveLength(1);
    expect(seen.intercepted).toContain('rpc:cancelled');

    const running = randomUUID();
    await publishEvent(nc, ns, OrderEvents.inProduction, running, { orderId: running, customerId: 'c1' });
    await waitFor('the batch handler called', () => seen.batches.some((ids) => ids.includes(running)));
  });

  it("lets an event handler's failure reach the consumer: retried, then dead-lettered", async () => {
    const orderId = randomUUID();
    await publishEvent(nc, ns, OrderEvents.cancelled, orderId, { orderId, customerId: 'c1', reason: 'poison' });
    const letter = await waitFor('the poison event dead-lettered', async () => {
      const { items } = await listDeadLetters(nc, new Namespace(ns), { limit: 100 });
      return items.find((l) => l.eventType === 'order.cancelled') ?? null;
    });
    expect(letter).toMatchObject({ consumer: 'probe-probe', error: expect.stringContaining('probe failure') });
  });
});

@Controller()
class RequestsOnlyController {
  @Handles(Shout)
  async shout({ text }: { text: string }): Promise<{ shouted: string }> {
    return { shouted: `${text}!` };
  }
}

@Module({
  imports: [MessagingModule.forService({ serviceName: 'probe-requests', natsUrl, namespace: `${ns}r` })],
  controllers: [RequestsOnlyController],
})
class RequestsOnlyModule {}

describe('an app with requests and no durable consumers (no EventsModule)', () => {
  it('serves its @Handles methods', async () => {
    const app = await NestFactory.create(RequestsOnlyModule, { logger: ['error'] });
    try {
      connectMessaging(app);
      await app.init();
      await expect(app.get(RequestClient).request(Shout, { text: 'hey' })).resolves.toEqual({ shouted: 'hey!' });
    } finally {
      await app.close();
      await cleanUpNamespace(`${ns}r`);
    }
  });
});
