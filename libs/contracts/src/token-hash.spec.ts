import { hashToken, sameHash } from './token-hash';

describe('token hashes', () => {
  it('are the sha256 hex of the whole token, prefix included', () => {
    // Computed independently: printf atl_test | sha256sum
    expect(hashToken('atl_test')).toBe('067001813136f21e0b5e65c1b0a97596f866f4367dc5df010a7b785ab29c21d2');
    expect(hashToken('atl_x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken('atl_x')).not.toBe(hashToken('atl_xx'));
  });

  it('compare equal only when they are the same hash', () => {
    expect(sameHash(hashToken('a'), hashToken('a'))).toBe(true);
    expect(sameHash(hashToken('a'), hashToken('b'))).toBe(false);
    expect(sameHash(hashToken('a'), 'abcd')).toBe(false);
  });
});
