import { AppError } from '@atelier/contracts';
import { decode, encodeReply, toErrorPayload } from './wire';
import { isTransientInfrastructureError } from './infrastructure-errors';

describe('replies on the wire', () => {
  it('turns an answer larger than the limit into PAYLOAD_TOO_LARGE that fits', () => {
    const { bytes, tooLarge } = encodeReply({ ok: true, data: 'x'.repeat(5_000) }, 1_000);
    expect(tooLarge).toBe(true);
    expect(bytes.byteLength).toBeLessThanOrEqual(1_000);
    expect(decode(bytes)).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('keeps an answer within the limit as it is', () => {
    expect(encodeReply({ ok: true, data: { a: 1 } }, 1_000)).toMatchObject({ tooLarge: false });
  });

  it('caps a long message and a long list of details, saying how many were left out', () => {
    const details = Array.from({ length: 5_000 }, (_, i) => ({ path: `selections.o${i}`, message: 'unknown option' }));
    const payload = toErrorPayload(new AppError('VALIDATION_FAILED', 'm'.repeat(10_000), details));
    expect(payload.message.length).toBeLessThanOrEqual(1_001);
    const kept = payload.details as Array<{ message: string }>;
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(16 * 1024);
    expect(kept.at(-1)!.message).toBe(`… and ${5_000 - (kept.length - 1)} more`);
  });

  it('says an outage is DEPENDENCY_UNAVAILABLE and anything unexpected is INTERNAL, without internals', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toErrorPayload(refused)).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(toErrorPayload(new TypeError('x is undefined'))).toEqual({ code: 'INTERNAL', message: 'Internal error' });
  });
});

describe('which failures are outages', () => {
  const cases: Array<[string, unknown, boolean]> = [
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true],
    ['pool could not connect in time', new Error('timeout exceeded when trying to connect'), true],
    ['connection dropped mid-query', new Error('Connection terminated unexpectedly'), true],
    [
      'server shutting down (57P01)',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      true,
    ],
    [
      'deadlock (40P01) inside a TypeORM QueryFailedError',
      { message: 'deadlock detected', driverError: { code: '40P01' } },
      true,
    ],
    ['serialization failure (40001)', { code: '40001', message: 'could not serialize access' }, true],
    [
      'several addresses refused (AggregateError)',
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]),
      true,
    ],
    ['another service not answering', new AppError('DEPENDENCY_UNAVAILABLE', 'no answer'), true],
    [
      // Seen in the fault-injection run: PostgreSQL stopped inside a transaction, TypeORM released its runner.
      'a transaction whose connection broke (TypeORM QueryRunnerProviderAlreadyReleasedError)',
      Object.assign(
        new Error(
          'Database connection provided by a query runner was already released, cannot continue to use its querying methods anymore.',
        ),
        {
          name: 'QueryRunnerProviderAlreadyReleasedError',
        },
      ),
      true,
    ],
    ['a unique violation (23505)', { code: '23505', message: 'duplicate key value' }, false],
    ['a business conflict', new AppError('CONFLICT', 'already shipped'), false],
    ['a programming error', new TypeError('cannot read properties of undefined'), false],
  ];
  it.each(cases)('%s', (_name, error, transient) => {
    expect(isTransientInfrastructureError(error)).toBe(transient);
  });
});
