import { testDatabaseUrl, testNamespace, waitFor } from '@atelier/testing';
import { Client } from 'pg';
import { RelayLock } from './relay-lock';

// One relay per schema at a time, whatever happens to the one that relays: two replicas' locks on
// the same key, against the real PostgreSQL.
describe('the outbox relay lock', () => {
  const key = `${testNamespace('relaylock')}.outbox`;
  const config = { connectionString: testDatabaseUrl };
  const locks: RelayLock[] = [];
  const lock = () => {
    const made = new RelayLock(config, key);
    locks.push(made);
    return made;
  };

  afterEach(async () => {
    await Promise.all(locks.splice(0).map((l) => l.release()));
  });

  it('is held by one replica at a time, keeps its connection between batches, and passes on when released', async () => {
    const [first, second] = [lock(), lock()];
    const held = await first.acquire();
    expect(held).not.toBeNull();
    expect(await second.acquire()).toBeNull();
    // The holder relays on the same connection, batch after batch, without taking the lock again.
    expect(await first.acquire()).toBe(held);
    expect(await second.acquire()).toBeNull();
    await first.release();
    expect(await second.acquire()).not.toBeNull();
    expect(await first.acquire()).toBeNull();
  });

  it('passes on when the holder’s connection is cut, and the holder takes it again only once it is free', async () => {
    const [first, second] = [lock(), lock()];
    const held = (await first.acquire())!;
    const {
      rows: [{ pid }],
    } = await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const admin = new Client(config);
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    await waitFor('the other replica to take the lock', async () => (await second.acquire()) !== null);
    // The cut holder finds out (its connection failed) and, with a new one, finds the lock taken.
    await expect(first.acquire().then(() => first.acquire())).resolves.toBeNull();
  });
});
