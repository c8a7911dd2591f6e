import { AppError } from '@atelier/contracts';
import { decodeCursor, encodeCursor } from './page-cursor';

describe('page cursor', () => {
  it('round-trips and is opaque', () => {
    const cursor = encodeCursor('12345');
    expect(cursor).not.toContain('12345');
    expect(decodeCursor(cursor)).toBe('12345');
  });

  it.each(['', 'garbage', encodeCursor('x'), Buffer.from('seq:-1').toString('base64url')])('refuses %p', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(AppError);
  });
});
