import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';

const ENTRY = 'model-worker';
const SOURCE_ENTRY = path.join('apps', 'configurator', 'src', 'models', 'workers', `${ENTRY}.ts`);

/**
 * Starts a model worker. The built app (CommonJS in dist/) runs the compiled model-worker.js
 * beside this file. Running from sources (Jest, ESM, no __dirname), the worker loads the
 * TypeScript sources itself through SOURCE_LOADER, so tests exercise real threads too.
 */
export function spawnModelWorker(resourceLimits: ResourceLimits): Worker {
  const built = builtEntry();
  if (built) return new Worker(built, { resourceLimits });
  const root = process.cwd();
  const entry = path.join(root, SOURCE_ENTRY);
  if (!existsSync(entry))
    throw new Error(`no built model worker, and no sources at ${entry}: build first, or run from the repository root`);
  return new Worker(SOURCE_LOADER, { eval: true, workerData: { root, entry }, resourceLimits });
}

function builtEntry(): string | null {
  if (typeof __dirname === 'undefined') return null;
  const file = path.join(__dirname, `${ENTRY}.js`);
  return existsSync(file) ? file : null;
}

/**
 * For sources only: compiles each .ts file with swc (a dev dependency) as it is required, as
 * CommonJS, and maps @atelier/<lib> to libs/<lib>/src/index.ts, then runs the entry.
 */
const SOURCE_LOADER = `
const { workerData } = require('node:worker_threads');
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { root, entry } = workerData;
const requireFromRoot = Module.createRequire(path.join(root, 'package.json'));
const swc = requireFromRoot('@swc/core');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const library = /^@atelier\\/([a-z-]+)$/.exec(request);
  return resolveFilename.call(this, library ? path.join(root, 'libs', library[1], 'src', 'index.ts') : request, ...rest);
};
Module._extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
requireFromRoot(entry);
`;
