// Three levels of tests (STYLE.md): unit specs next to the code, per-app integration
// tests against the real PostgreSQL/NATS/Redis, end-to-end tests under test/.
// Jest runs in ESM mode because Nest 12 ships ESM only (STACK.md).
const aliases = {
  '^@atelier/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@atelier/messaging$': '<rootDir>/libs/messaging/src/index.ts',
  '^@atelier/platform$': '<rootDir>/libs/platform/src/index.ts',
  '^@atelier/testing$': '<rootDir>/libs/testing/src/index.ts',
  '^@atelier/configurator-engine$': '<rootDir>/libs/configurator-engine/src/index.ts',
  '^@atelier/scheduling-engine$': '<rootDir>/libs/scheduling-engine/src/index.ts',
  '^@atelier/calendar$': '<rootDir>/libs/calendar/src/index.ts',
};

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];

const common = {
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: aliases,
  transform: { '^.+\\.ts$': swc },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/tmp/', '<rootDir>/.atelier/'],
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/timeout-60s.mjs'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/timeout-180s.mjs'],
    },
  ],
};
