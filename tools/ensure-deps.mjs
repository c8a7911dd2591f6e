// The first step of `npm start` and `npm test`: on a fresh clone, or after a pull that changed
// package-lock.json, `npm ci` runs first, so the README's two commands are all a newcomer types.
// Dependency-free on purpose: it runs before anything is installed, on whatever Node the machine has
// (the project's own Node 24 is one of the dependencies it installs). The shell running the npm
// script remembers where it found `node`; `hash -r` after this step makes the next command find
// the Node 24 just installed in node_modules/.bin.
//
// Installed means: npm's own record of what it installed (node_modules/.package-lock.json, written by
// every npm ci / npm install) holds exactly the packages of package-lock.json at the same versions,
// except optional packages for other platforms, which npm leaves out. Comparing contents rather than
// file times, a checkout that touched the lockfile without changing it installs nothing.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** undefined when node_modules holds what package-lock.json asks for, else why not (one short phrase). */
export function whyInstallIsNeeded(root = repoRoot) {
  const wanted = readPackages(join(root, 'package-lock.json'));
  if (!wanted) return 'package-lock.json is missing or unreadable';
  const installed = readPackages(join(root, 'node_modules', '.package-lock.json'));
  if (!installed) return 'node_modules is missing (or was not installed by npm)';

  for (const [path, entry] of Object.entries(wanted)) {
    if (path === '') continue; // the project itself
    const present = installed[path];
    if (!present) {
      if (entry.optional) continue; // for another platform, or one that failed to build: npm's call
      return `${packageName(path)} is not installed`;
    }
    if (present.version !== entry.version) {
      return `${packageName(path)} is ${present.version}, package-lock.json wants ${entry.version}`;
    }
  }
  const extra = Object.keys(installed).find((path) => !(path in wanted));
  if (extra) return `${packageName(extra)} is installed but no longer in package-lock.json`;
  return undefined;
}

/**
 * Runs install() (npm ci) when whyInstallIsNeeded says so. Returns whether it installed;
 * throws when the install fails.
 */
export function ensureDependencies({ root = repoRoot, install = npmCi, log = (line) => console.log(line) } = {}) {
  const reason = whyInstallIsNeeded(root);
  if (!reason) return false;
  log(`[deps] ${reason}: running npm ci`);
  if (!process.version.startsWith('v24.')) {
    log(
      `[deps] npm runs on this machine's Node ${process.version} for this install: EBADENGINE warnings about Node 22 or 24 are expected (the project's Node 24 is one of the packages it installs)`,
    );
  }
  const exitCode = install(root);
  if (exitCode !== 0) throw new Error(`npm ci failed (exit code ${exitCode}); see its output above`);
  return true;
}

function npmCi(root) {
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.error) throw new Error(`cannot run npm ci: ${result.error.message}`);
  return result.status ?? 1;
}

function readPackages(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).packages;
  } catch {
    return undefined;
  }
}

/** node_modules/a/node_modules/@b/c → @b/c */
function packageName(path) {
  return path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    ensureDependencies();
  } catch (error) {
    console.error(`[deps] ${error.message}`);
    process.exit(1);
  }
}
