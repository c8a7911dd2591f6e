import type { Principal } from '@atelier/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import type { GatewayConfig } from '../gateway.config';
import { PrincipalCache } from './principal-cache';

const alice: Principal = { kind: 'customer', id: 'cust-1', tokenId: 'tok-a' };
const bob: Principal = { kind: 'supplier', id: 'sup-1', tokenId: 'tok-b' };

function cache(settings: Partial<GatewayConfig> = {}, closed = false) {
  const config = { authCacheSeconds: 60, authCacheEntries: 100, ...settings } as GatewayConfig;
  return new PrincipalCache(config, { isClosed: () => closed } as NatsConnection, { namespace: 't' } as never);
}

describe('PrincipalCache', () => {
  it('remembers a token for its lifetime, then asks again', () => {
    const c = cache({ authCacheSeconds: 60 });
    c.set('hash-a', alice, 0);
    expect(c.get('hash-a', 59_999)).toEqual(alice);
    expect(c.get('hash-a', 60_000)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('forgets a revoked token at once, by its id, and nothing else', () => {
    const c = cache();
    c.set('hash-a', alice, 0);
    c.set('hash-b', bob, 0);
    c.forgetToken('tok-a');
    c.forgetToken(42);
    expect(c.get('hash-a', 1)).toBeUndefined();
    expect(c.get('hash-b', 1)).toEqual(bob);
  });

  it('keeps at most its bound, dropping the least recently stored', () => {
    const c = cache({ authCacheEntries: 2 });
    c.set('h1', alice, 0);
    c.set('h2', bob, 0);
    c.set('h1', alice, 0); // stored again: now the newest
    c.set('h3', bob, 0);
    expect(c.get('h2', 1)).toBeUndefined();
    expect(c.get('h1', 1)).toEqual(alice);
    expect(c.get('h3', 1)).toEqual(bob);
  });

  it('keeps nothing when turned off, or while its connection is closed (revocations would be missed)', () => {
    const off = cache({ authCacheSeconds: 0 });
    off.set('hash-a', alice, 0);
    expect(off.get('hash-a', 1)).toBeUndefined();
    const closed = cache({}, true);
    closed.set('hash-a', alice, 0);
    expect(closed.get('hash-a', 1)).toBeUndefined();
  });
});
