import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DatabaseLogger } from './database-logger';

describe('the database logger', () => {
  const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

  beforeEach(() => jest.clearAllMocks());
  afterAll(() => jest.restoreAllMocks());

  const failure = (code: string, message: string) => Object.assign(new Error(message), { code });
  const query = 'INSERT INTO "orders" ("shipping_address") VALUES ($1)';
  const secret = { name: 'Ada Customer', street: '1 Rue de la Paix' };

  it('tells a failed query by its statement and error, never its parameters', () => {
    new DatabaseLogger().logQueryError(failure('23502', 'null value in column "currency"'), query, [secret]);
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0][0]);
    expect(line).toContain('null value in column "currency"');
    expect(line).toContain('INSERT INTO "orders"');
    expect(line).not.toContain('Rue de la Paix');
  });

  it('tells a deadlock, which its caller does again, at debug', () => {
    new DatabaseLogger().logQueryError(failure('40P01', 'deadlock detected'), query, [secret]);
    expect(warn).not.toHaveBeenCalled();
    expect(String(debug.mock.calls[0][0])).toContain('deadlock detected');
  });
});
