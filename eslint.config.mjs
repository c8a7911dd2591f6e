import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// Module boundaries on two axes (STYLE.md): scope says whose code it is, type says what
// kind of code it is. An app may use its own scope and the shared one; engines are pure
// and depend on nothing of ours; contracts depend on nothing; infrastructure on contracts.
const depConstraints = [
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  { sourceTag: 'scope:orders', onlyDependOnLibsWithTags: ['scope:orders', 'scope:shared'] },
  { sourceTag: 'scope:configurator', onlyDependOnLibsWithTags: ['scope:configurator', 'scope:shared'] },
  { sourceTag: 'scope:scheduling', onlyDependOnLibsWithTags: ['scope:scheduling', 'scope:shared'] },
  { sourceTag: 'scope:suppliers', onlyDependOnLibsWithTags: ['scope:suppliers', 'scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // End-to-end tests drive the apps over HTTP and NATS; they borrow only the engine's sample models.
  { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:configurator'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:engine', 'type:contracts', 'type:infra', 'type:testing'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:testing', 'type:engine'] },
  // Engines are pure; they may share pure code (the calendar: time zones and closures).
  { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:engine'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra'] },
];

// The scheduling app by use case (its README section): use cases depend on plan/, never the other
// way; jobs/ is the job domain everyone uses; plan/ reads the network's projection (entities and
// loader) but not its use case. Folders not named in a rule may not be imported by it.
const scheduling = 'apps/scheduling/src';
const schedulingFolders = ['jobs', 'plan', 'network', 'order-planning', 'job-reports', 'queries'];
const schedulingMayImport = {
  jobs: [],
  plan: ['jobs', 'network/*.entity', 'network/network-projection', 'network/transfer-matrix'],
  network: ['jobs', 'plan'],
  'order-planning': ['jobs', 'plan'],
  'job-reports': ['jobs', 'plan', 'order-planning', 'network'],
  queries: ['jobs', 'plan'],
};
const schedulingBoundaries = Object.entries(schedulingMayImport).map(([folder, allowed]) => {
  const forbidden = schedulingFolders.filter((other) => other !== folder && !allowed.includes(other));
  const partly = allowed.filter((entry) => entry.includes('/'));
  const partlyAllowed = [...new Set(partly.map((entry) => entry.split('/')[0]))];
  return {
    files: [`${scheduling}/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidden
              .filter((other) => !partlyAllowed.includes(other))
              .map((other) => ({
                group: [`../${other}/*`, `../../${other}/*`],
                message: `scheduling: ${folder}/ may use ${allowed.join(', ') || 'no other folder'}, not ${other}/ (use cases depend on plan/, never the other way).`,
              })),
            ...partlyAllowed.map((other) => ({
              group: [`../${other}/*`, ...partly.filter((entry) => entry.startsWith(`${other}/`)).map((entry) => `!../${entry}`)],
              message: `scheduling: ${folder}/ may use only ${partly.join(', ')} of ${other}/.`,
            })),
          ],
        },
      ],
    },
  };
});

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', 'coverage/**', 'bench-results/**', 'tmp/**', '.atelier/**'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // The end-to-end support starts the apps with the V8 flags npm start gives them (tools/environment.mjs),
      // and tests start processes of their own on ports below the kernel's ephemeral range (tools/free-port.mjs).
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [
            '../../tools/environment.mjs',
            '../../../tools/environment.mjs',
            '../../tools/free-port.mjs',
            '../../../tools/free-port.mjs',
          ],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'Expressions go through our own evaluator, never eval.' },
        {
          selector: "NewExpression[callee.name='Function']",
          message: 'Expressions go through our own evaluator, never Function.',
        },
      ],
    },
  },
  ...schedulingBoundaries,
  {
    // A cycle of imports makes load order matter and hides which file a concept belongs to.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The test kit is for tests, the apps' test harnesses and tools; production code never loads it.
    files: ['**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'test/**',
      'tools/**',
      '**/src/testing/**',
      'libs/testing/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@atelier/testing', message: 'The test kit is for tests, harnesses (src/testing/) and tools only.' }] },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' },
    },
  },
];
