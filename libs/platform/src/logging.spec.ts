import { runInLogContext } from '@atelier/messaging';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino } from 'pino';
import { httpCorrelationId, pinoOptions } from './logging';

/** A logger configured as the apps' are, writing its lines into an array. */
function capturingLogger() {
  const lines: string[] = [];
  const logger = pino(pinoOptions({ serviceName: 'orders', logLevel: 'debug', logFormat: 'json' }), {
    write: (line: string) => void lines.push(line),
  });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line)) };
}

describe('structured logs', () => {
  const token = 'atl_c_4f1d9a0b7e2c4d5a8b3e6f1a2c9d0e7b';
  const tokenHash = '9c56cc51b374c3ba189210d5b6d4bf57790d351c96c47c02190ecf1e430635ab';
  const shippingAddress = { name: 'Ada Customer', street: '1 Rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' };

  it('never writes tokens, token hashes, authorization headers or addresses, however deep they are in a logged object', () => {
    const { logger, lines, parsed } = capturingLogger();
    logger.info({ token, tokenHash, shippingAddress }, 'top level');
    logger.info({ principal: { token, tokenHash }, order: { shippingAddress, lines: 2 } }, 'one level down');
    logger.info({ command: { order: { shippingAddress, address: shippingAddress } }, issued: { customer: { token } } }, 'deeper');
    logger.info({ req: { method: 'GET', headers: { authorization: `Bearer ${token}`, cookie: 'session=abc' } } }, 'a request');
    logger.child({ token }).warn('bound to a child');

    const output = lines.join('');
    for (const secret of [token, tokenHash, 'Rue de la Paix', 'Bearer', 'session=abc']) expect(output).not.toContain(secret);
    const [top, one, deeper, request] = parsed();
    expect(top).toMatchObject({ token: '[redacted]', tokenHash: '[redacted]', shippingAddress: '[redacted]' });
    expect(one).toMatchObject({ principal: { token: '[redacted]' }, order: { shippingAddress: '[redacted]', lines: 2 } });
    expect(deeper).toMatchObject({
      command: { order: { shippingAddress: '[redacted]', address: '[redacted]' } },
      issued: { customer: { token: '[redacted]' } },
    });
    expect(request).toMatchObject({ req: { method: 'GET', headers: { authorization: '[redacted]', cookie: '[redacted]' } } });
  });

  it('writes JSON lines naming the level and service, with the correlation and order ids of the work in progress', async () => {
    const { logger, parsed } = capturingLogger();
    logger.info('outside any work');
    await runInLogContext({ correlationId: 'corr-1', orderId: 'order-1' }, async () => {
      await Promise.resolve();
      logger.debug('after an await, still in the context');
    });
    runInLogContext({ correlationId: 'corr-2' }, () => logger.warn('no order known'));

    const [outside, inOrder, noOrder] = parsed();
    expect(outside).toMatchObject({ level: 'info', service: 'orders', msg: 'outside any work', time: expect.any(String) });
    expect(outside).not.toHaveProperty('correlationId');
    expect(inOrder).toMatchObject({ level: 'debug', correlationId: 'corr-1', orderId: 'order-1' });
    expect(noOrder).toMatchObject({ level: 'warn', correlationId: 'corr-2' });
    expect(noOrder).not.toHaveProperty('orderId');
  });

  it("takes the caller's x-correlation-id when it is a short printable id, else makes one, and answers with it", () => {
    const answer = (header: string | undefined) => {
      const headers: Record<string, string> = {};
      const response = { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as ServerResponse;
      const id = httpCorrelationId(
        { headers: header === undefined ? {} : { 'x-correlation-id': header } } as IncomingMessage,
        response,
      );
      expect(headers['x-correlation-id']).toBe(id);
      return id;
    };
    expect(answer('checkout-42:attempt-1')).toBe('checkout-42:attempt-1');
    for (const refused of [undefined, '', 'two words', 'x'.repeat(129), 'line\nbreak']) {
      expect(answer(refused)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});
