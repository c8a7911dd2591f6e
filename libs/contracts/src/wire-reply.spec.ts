import { z } from 'zod';
import { wireReplySchema, type WireReply } from './wire-reply';

describe('the wire reply', () => {
  const schema = wireReplySchema(z.object({ id: z.string() }));

  it('is the data or a typed error', () => {
    const answered: WireReply<{ id: string }> = { ok: true, data: { id: 'a' } };
    const refused: WireReply<{ id: string }> = { ok: false, error: { code: 'NOT_FOUND', message: 'order not found' } };
    expect(schema.parse(answered)).toEqual(answered);
    expect(schema.parse(refused)).toEqual(refused);
  });

  it('is neither without its flag, nor data of another shape', () => {
    expect(schema.safeParse({ data: { id: 'a' } }).success).toBe(false);
    expect(schema.safeParse({ ok: true, data: { id: 1 } }).success).toBe(false);
    expect(schema.safeParse({ ok: false, error: { message: 'no code' } }).success).toBe(false);
  });
});
