// What each app is given to connect with (issue 7, least privilege): its own NATS user when
// npm start runs its own nats-server, its own PostgreSQL role when npm start runs its own
// PostgreSQL (or ATELIER_DB_ROLES=1 says to make roles on the one at DATABASE_URL), and the
// operator token for the gateway only. Servers that were already running are used as they are.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ConfigurationError, ensureStateDir, printable, repoRoot, stateDir } from './environment.mjs';

const dbPasswordsFile = join(stateDir, 'db-passwords.json');
const domainApps = ['orders', 'configurator', 'scheduling', 'suppliers'];

/**
 * The PostgreSQL roles, made (or re-asserted) as DATABASE_URL's user: returns each domain app's
 * DATABASE_URL, or undefined when the apps keep the shared one.
 */
export async function provisionDatabaseRoles({ databaseUrl, startedPostgres, log }) {
  if (!startedPostgres && process.env.ATELIER_DB_ROLES !== '1') return undefined;
  const { provisionServiceRoles } = createRequire(import.meta.url)(
    join(repoRoot, 'dist', 'libs', 'platform', 'src', 'database-roles.js'),
  );
  const roles = await provisionServiceRoles(databaseUrl.toString(), process.env.ATELIER_NAMESPACE ?? '', passwords()).catch(
    (error) => {
      throw new ConfigurationError(
        `cannot make the services' PostgreSQL roles as ${printable(databaseUrl)} (a superuser is needed): ${error.message}`,
      );
    },
  );
  log(`PostgreSQL: each service logs in as its own role, owning only its schema (${roles.map((r) => r.role).join(', ')})`);
  return Object.fromEntries(roles.map((role) => [role.service, role.databaseUrl]));
}

function passwords() {
  const kept = existsSync(dbPasswordsFile) ? JSON.parse(readFileSync(dbPasswordsFile, 'utf8')) : {};
  const all = Object.fromEntries(domainApps.map((app) => [app, kept[app] || randomBytes(24).toString('base64url')]));
  if (domainApps.some((app) => kept[app] !== all[app])) {
    ensureStateDir();
    writeFileSync(dbPasswordsFile, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  }
  return all;
}

/**
 * One app's environment: the shared one, its own NATS_URL and DATABASE_URL where it has its own,
 * and ATELIER_ADMIN_TOKEN for the gateway only (no other app needs the operator's token).
 */
export function appEnvironment(app, { base, adminToken, natsUrls, databaseUrls }) {
  const env = { ...base };
  delete env.ATELIER_ADMIN_TOKEN;
  if (app === 'gateway') env.ATELIER_ADMIN_TOKEN = adminToken;
  if (natsUrls?.[app]) env.NATS_URL = natsUrls[app];
  if (databaseUrls) {
    // The gateway has no database: it is not given the administrator's URL.
    if (databaseUrls[app]) env.DATABASE_URL = databaseUrls[app];
    else delete env.DATABASE_URL;
  }
  return env;
}
