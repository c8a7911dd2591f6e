// Tells whether dist/ is newer than the sources, so `npm start` can skip a build.
// Cheap: one stat per source file. swc writes apps/x/src/a.ts to dist/apps/x/src/a.js.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './environment.mjs';

const SOURCE_ROOTS = ['apps', 'libs'];
const BUILD_CONFIG = join(repoRoot, '.swcrc.build');
// Not part of what runs: tests and declarations.
const NOT_RUNTIME = /(\.spec|\.int-spec|\.e2e-spec|\.d)\.ts$/;

/** undefined when dist is fresh, else why a build is needed (one short phrase). */
export function whyBuildIsNeeded(entryPoints) {
  const missingEntry = entryPoints.find((entry) => !mtimeOf(entry));
  if (missingEntry) return `${relative(repoRoot, missingEntry)} does not exist`;

  const configTime = mtimeOf(BUILD_CONFIG) ?? 0;
  for (const source of runtimeSources()) {
    const output = join(repoRoot, 'dist', relative(repoRoot, source)).replace(/\.ts$/, '.js');
    const outputTime = mtimeOf(output);
    if (!outputTime) return `${relative(repoRoot, source)} has no build output`;
    if (outputTime < mtimeOf(source)) return `${relative(repoRoot, source)} changed since the last build`;
    if (outputTime < configTime) return '.swcrc.build changed since the last build';
  }
  return undefined;
}

function* runtimeSources() {
  for (const root of SOURCE_ROOTS) yield* typeScriptFiles(join(repoRoot, root));
}

function* typeScriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* typeScriptFiles(path);
    } else if (entry.name.endsWith('.ts') && !NOT_RUNTIME.test(entry.name)) {
      yield path;
    }
  }
}

function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
