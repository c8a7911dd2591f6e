import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AppError } from '@atelier/contracts';
import { z } from 'zod';
import { toHttp } from './error.filter';

describe('the error body every client sees', () => {
  it('answers typed service errors with their status and code', () => {
    expect(toHttp(new AppError('INVALID_CONFIGURATION', 'conflict', [{ ruleIds: ['r1'] }]))).toEqual([
      422,
      { error: { code: 'INVALID_CONFIGURATION', message: 'conflict', details: [{ ruleIds: ['r1'] }] } },
    ]);
    expect(toHttp(new AppError('IDEMPOTENCY_KEY_REUSED', 'reused'))[0]).toBe(409);
    expect(toHttp(new AppError('DEPENDENCY_UNAVAILABLE', 'down'))[0]).toBe(503);
  });

  it('names the invalid fields of a request', () => {
    const result = z.object({ quantity: z.number().min(1) }).safeParse({ quantity: 0 });
    const [status, body] = toHttp(result.error);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'quantity' }] });
  });

  it('maps framework errors (unknown route, malformed JSON) without a 500', () => {
    expect(toHttp(new NotFoundException('Cannot GET /x'))).toEqual([
      404,
      { error: { code: 'NOT_FOUND', message: 'Cannot GET /x' } },
    ]);
    expect(toHttp(new BadRequestException('Unexpected token'))[0]).toBe(400);
  });

  it('says nothing internal about an unexpected error', () => {
    expect(toHttp(new Error('connection string postgres://secret'))).toEqual([
      500,
      { error: { code: 'INTERNAL', message: 'Internal error' } },
    ]);
  });
});
