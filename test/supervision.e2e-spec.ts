import { cleanUpNamespace, testNamespace, waitFor } from '@atelier/testing';
import { isRunning, launchNpmStart, startedApps, type NpmStartRun } from './support/npm-start';

const UP_DEADLINE_MS = 150_000;
/** An app that notices start.mjs is gone drains like on SIGTERM, which libs/platform bounds at 25 s. */
const GONE_DEADLINE_MS = 40_000;

/**
 * `npm start` keeps the system running and never leaves it behind: an app that dies is started
 * again, and however npm start ends, its apps end with it.
 */
describe('npm start supervises the apps', () => {
  const runs: Array<{ run: NpmStartRun; namespace: string }> = [];

  async function start(label: string, options: Parameters<typeof launchNpmStart>[1]): Promise<NpmStartRun> {
    const namespace = testNamespace(label);
    const run = await launchNpmStart(namespace, options);
    runs.push({ run, namespace });
    await withOutput(run, () => run.waitForLine('npm start to be up', /^Atelier is up\.$/, UP_DEADLINE_MS));
    return run;
  }

  afterEach(async () => {
    for (const { run, namespace } of runs.splice(0)) {
      await run.cleanUp();
      await cleanUpNamespace(namespace);
    }
  });

  const allGone = (pids: number[]) => () => pids.every((pid) => !isRunning(pid));

  it('restarts an app killed with SIGKILL, saying so; when npm itself is SIGKILLed, start.mjs and every app stop', async () => {
    const run = await start('supervise', { via: 'npm' });
    await withOutput(run, async () => {
      const killed = run.appPids().orders;
      process.kill(killed, 'SIGKILL');
      await run.waitForLine(
        'start to say orders died and when it restarts it',
        new RegExp(`orders \\(pid ${killed}\\) EXITED \\(signal SIGKILL\\).*restarting it in \\d+ ms`),
      );
      const restarted = await waitFor('orders to run again under a new pid', () => {
        const pid = run.appPids().orders;
        return pid !== killed && isRunning(pid) && pid;
      });
      await waitFor('the restarted orders to be ready', () => run.isReady('orders'), { timeoutMs: 60_000, intervalMs: 200 });
      await run.waitForLine('start to say orders is ready again', new RegExp(`orders \\(pid ${restarted}\\) is ready again`));

      const everything = [...Object.values(run.appPids()), run.supervisorPid()];
      expect(everything.every(isRunning)).toBe(true);
      run.launcher.kill('SIGKILL');
      await waitFor('start.mjs and every app to be gone after npm was SIGKILLed', allGone(everything), {
        timeoutMs: GONE_DEADLINE_MS,
        intervalMs: 200,
      });
      expect(run.output).toContainEqual(
        expect.stringMatching(/^\[start\] stopping \(npm start \(pid \d+\) that launched it is gone\)/),
      );
    });
  });

  it('when start.mjs itself is SIGKILLed, every app notices and stops', async () => {
    const run = await start('orphans', { via: 'node' });
    await withOutput(run, async () => {
      const apps = Object.values(run.appPids());
      expect(apps).toHaveLength(startedApps.length);
      expect(run.supervisorPid()).toBe(run.launcher.pid);
      run.launcher.kill('SIGKILL');
      await waitFor('every app to be gone after start.mjs was SIGKILLed', allGone(apps), {
        timeoutMs: GONE_DEADLINE_MS,
        intervalMs: 200,
      });
    });
  });

  it('a closed terminal (SIGHUP to the whole job) stops every app cleanly, each with exit code 0', async () => {
    const run = await start('hangup', { via: 'npm', detached: true });
    await withOutput(run, async () => {
      const apps = run.appPids();
      process.kill(-run.launcher.pid!, 'SIGHUP');
      await waitFor('every app to be gone after SIGHUP', allGone(Object.values(apps)), {
        timeoutMs: GONE_DEADLINE_MS,
        intervalMs: 200,
      });
      await run.waitForLine('start to say the apps stopped', /^\[start\] apps stopped$/);
      for (const app of startedApps) expect(run.output).toContainEqual(`[start] ${app} (pid ${apps[app]}) stopped (code 0)`);
    });
  });
});

/** On failure, adds what npm start printed last. */
async function withOutput<T>(run: NpmStartRun, scenario: () => Promise<T>): Promise<T> {
  try {
    return await scenario();
  } catch (error) {
    (error as Error).message += `\n--- last npm start output ---\n${run.output.slice(-60).join('\n')}`;
    throw error;
  }
}
