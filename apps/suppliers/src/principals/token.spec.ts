import { hashToken } from '@atelier/contracts';
import { generateToken } from './token';

describe('tokens', () => {
  it('are atl_ followed by 32 random bytes in base64url', () => {
    const token = generateToken();
    expect(token).toMatch(/^atl_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
  });

  it('differ every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, generateToken));
    expect(tokens.size).toBe(100);
  });

  it('hash to distinct sha256 hex digests', () => {
    const token = generateToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toBe(hashToken(`${token}x`));
  });
});
