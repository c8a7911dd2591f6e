import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { defineRequest } from '@atelier/contracts';
import { cleanUpNamespace, testNamespace, waitFor } from '@atelier/testing';
import { z } from 'zod';
import { MessagingModule, RequestClient, RequestServer } from './index';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ns = testNamespace('shutdown');
const Slow = defineRequest<{ done: true }>()('probe.slow', z.object({}));

/** The handler waits until the test lets it finish, so the test controls what is in flight. */
const gate = {
  started: 0,
  waiting: [] as Array<() => void>,
  release() {
    for (const resolve of this.waiting.splice(0)) resolve();
  },
};

@Injectable()
class SlowHandlers {
  constructor(requests: RequestServer) {
    requests.handle(Slow, async () => {
      gate.started++;
      await new Promise<void>((resolve) => gate.waiting.push(resolve));
      return { done: true as const };
    });
  }
}

@Module({ imports: [MessagingModule.forService({ serviceName: 'probe', natsUrl, namespace: ns })], providers: [SlowHandlers] })
class ServerModule {}

@Module({ imports: [MessagingModule.forService({ serviceName: 'caller', natsUrl, namespace: ns })] })
class CallerModule {}

describe('stopping a service that is answering a request', () => {
  let server: INestApplicationContext;
  let caller: INestApplicationContext;

  beforeAll(async () => {
    server = await NestFactory.createApplicationContext(ServerModule, { logger: ['error'] });
    await server.init();
    caller = await NestFactory.createApplicationContext(CallerModule, { logger: ['error'] });
    await caller.init();
  });

  afterAll(async () => {
    await caller?.close();
    await cleanUpNamespace(ns);
  });

  it('answers the request in flight before it closes, and takes no new one', async () => {
    const client = caller.get(RequestClient);
    const inFlight = client.request(Slow, {}, { timeoutMs: 20_000 });
    await waitFor('the request to reach the handler', () => gate.started === 1);
    const closing = server.close();
    // Stopping, it takes no new request (nobody answers the subject) while the first is still being answered.
    await waitFor('the stopping server to take no new request', () =>
      client.request(Slow, {}, { timeoutMs: 1_000 }).then(
        () => false,
        (error: Error) => /not available/.test(error.message),
      ),
    );
    gate.release();
    await expect(inFlight).resolves.toEqual({ done: true });
    await closing;
  });
});
