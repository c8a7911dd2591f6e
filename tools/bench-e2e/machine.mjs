// What the figures were measured on: the machine, how busy it was, and the code.
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { repoRoot } from '../environment.mjs';

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export function machineAndCommit() {
  const changed = git('status', '--porcelain', '--', 'apps', 'libs');
  return {
    measuredAt: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      // Other work on the machine (test suites, say) shows here: the figures share the cores with it.
      loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
    },
    commit: git('rev-parse', 'HEAD') ?? null,
    // Uncommitted changes to apps/ or libs/ are measured too: say so.
    uncommittedChanges: changed === undefined ? null : changed.split('\n').filter(Boolean).length,
  };
}
