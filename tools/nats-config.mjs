// A nats-server configuration with JetStream and one user per app, each allowed only the subjects
// its app uses (issue 7, least privilege). The permissions come from libs/contracts (the access
// table and natsPermissions), read from the build: run `npm run build` first.
//
// start.mjs uses it when it starts its own nats-server; runnable alone for an operator's server:
//   node tools/nats-config.mjs [--out FILE] [--listen HOST:PORT] [--store-dir DIR]
// writes FILE (default .atelier/nats.conf) and prints each app's NATS_URL. ATELIER_NAMESPACE
// names users, subjects and streams as the apps will. Passwords are generated once and kept in
// .atelier/nats-passwords.json, so the configuration can be written again without changing them.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigurationError, ensureStateDir, repoRoot, stateDir } from './environment.mjs';

const passwordsFile = join(stateDir, 'nats-passwords.json');
const contractsEntry = join(repoRoot, 'dist', 'libs', 'contracts', 'src', 'index.js');

/** The contracts from the build (CommonJS). */
export function loadContracts() {
  if (!existsSync(contractsEntry)) throw new ConfigurationError(`${contractsEntry} does not exist: run npm run build first`);
  return createRequire(import.meta.url)(contractsEntry);
}

/** One password per app, generated on first use and kept (mode 600) in .atelier/. */
export function loadOrCreateNatsPasswords(services) {
  const kept = existsSync(passwordsFile) ? JSON.parse(readFileSync(passwordsFile, 'utf8')) : {};
  const passwords = Object.fromEntries(services.map((s) => [s, kept[s] || randomBytes(24).toString('base64url')]));
  if (services.some((s) => kept[s] !== passwords[s])) {
    ensureStateDir();
    writeFileSync(passwordsFile, `${JSON.stringify(passwords, null, 2)}\n`, { mode: 0o600 });
  }
  return passwords;
}

export function hasNatsPasswords() {
  return existsSync(passwordsFile);
}

/**
 * Writes the configuration and returns each app's NATS_URL (with its user and password).
 * `listen` is { host, port }; `namespace` the ATELIER_NAMESPACE the apps run in.
 */
export function writeNatsConfig({ file, listen, storeDir, namespace = process.env.ATELIER_NAMESPACE ?? '' }) {
  const contracts = loadContracts();
  const ns = new contracts.Namespace(namespace);
  const passwords = loadOrCreateNatsPasswords([...contracts.atelierServices]);
  const config = contracts.natsServerConfig(ns, { passwords, host: listen.host, port: listen.port, storeDir });
  // JSON is nats-server configuration syntax; the file holds passwords, so only its owner reads it.
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return { file, natsUrls: natsUrlsOf(contracts, ns, passwords, listen) };
}

/** Each app's NATS_URL for a server configured by writeNatsConfig. */
export function natsUrlsFor(listen, namespace = process.env.ATELIER_NAMESPACE ?? '') {
  const contracts = loadContracts();
  const ns = new contracts.Namespace(namespace);
  return natsUrlsOf(contracts, ns, loadOrCreateNatsPasswords([...contracts.atelierServices]), listen);
}

function natsUrlsOf(contracts, ns, passwords, listen) {
  return Object.fromEntries(
    contracts.atelierServices.map((service) => {
      const url = new URL(`nats://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}`);
      url.username = encodeURIComponent(contracts.natsUserName(service, ns));
      url.password = encodeURIComponent(passwords[service]);
      return [service, url.toString().replace(/\/$/, '')];
    }),
  );
}

function argument(name, fallback) {
  const index = process.argv.indexOf(name);
  return index > 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback();
}

async function main() {
  try {
    const [host, port] = argument('--listen', () => '127.0.0.1:4222').split(/:(?=\d+$)/);
    const file = argument('--out', () => join(ensureStateDir(), 'nats.conf'));
    const storeDir = argument('--store-dir', () => ensureStateDir('nats'));
    const { natsUrls } = writeNatsConfig({ file, listen: { host, port: Number(port) }, storeDir });
    console.log(`wrote ${file} (start it with: nats-server -c ${file})`);
    console.log(`each app's NATS_URL (passwords kept in ${passwordsFile}):`);
    for (const [service, url] of Object.entries(natsUrls)) console.log(`  ${service.padEnd(12)} NATS_URL=${url}`);
  } catch (error) {
    console.error(error instanceof ConfigurationError ? error.message : error);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
