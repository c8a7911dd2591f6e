// Keeps an app running once the system is up: an app that exits unexpectedly is started again
// after a pause that doubles with each restart in a row (1 s, 2 s, 4 s … at most 30 s) and is back
// to 1 s once the app has stayed up a minute. Each step is said on the console. Before the system
// is up an exit is not retried: start.mjs reports it and stops (a crash at start is a bug or a bad
// setting, which a retry loop would only hide).
import { readiness, startApp, stopApp } from './app-processes.mjs';
import { setTimeout as delay } from 'node:timers/promises';

export const defaultRestartPolicy = { firstDelayMs: 1000, maxDelayMs: 30_000, resetAfterMs: 60_000 };

/** Exponential backoff, capped, that forgets past crashes once an app has stayed up resetAfterMs. */
export class RestartBackoff {
  #restartsInARow = 0;

  constructor(policy = defaultRestartPolicy) {
    this.policy = policy;
  }

  /** The pause before starting again an app that exited after running upMs. */
  next(upMs) {
    if (upMs >= this.policy.resetAfterMs) this.#restartsInARow = 0;
    const pause = Math.min(this.policy.firstDelayMs * 2 ** this.#restartsInARow, this.policy.maxDelayMs);
    this.#restartsInARow += 1;
    return pause;
  }

  get restartsInARow() {
    return this.#restartsInARow;
  }
}

const READY_AGAIN_DEADLINE_MS = 120_000;

/**
 * Starts the app and returns its supervisor: name, port, pid, exited and recentLines of the
 * current process; keepRunning() arms the restarts; stop() and kill() end it for good.
 */
export function superviseApp(spec, { env, index, log, shout, policy = defaultRestartPolicy }) {
  const backoff = new RestartBackoff(policy);
  let current;
  let pendingRestart;
  let armed = false;
  let ended = false;

  const launch = () => {
    current = startApp(spec, { env, index, onExit });
    log(`${spec.name} started (pid ${current.pid})`);
  };

  function onExit(app, description) {
    if (!armed || ended || app.stopping) return;
    const upMs = Date.now() - app.startedAt;
    const pause = backoff.next(upMs);
    shout([
      `${spec.name} (pid ${app.pid}) EXITED (${description}) after ${(upMs / 1000).toFixed(1)} s; restarting it in ${pause} ms (restart ${backoff.restartsInARow} in a row)`,
      ...(app.recentLines.length > 0 ? ['Its last lines:', ...app.recentLines.slice(-10).map((line) => `  ${line}`)] : []),
    ]);
    pendingRestart = setTimeout(() => {
      pendingRestart = undefined;
      if (ended) return;
      launch();
      void announceReadyAgain(current);
    }, pause);
  }

  /** Says when the restarted app answers /health/ready (or nothing, should it exit first). */
  async function announceReadyAgain(app) {
    const deadline = Date.now() + READY_AGAIN_DEADLINE_MS;
    while (!ended && !app.exited && Date.now() < deadline) {
      if ((await readiness(app.port)).ready) {
        if (!app.exited) log(`${spec.name} (pid ${app.pid}) is ready again`);
        return;
      }
      await delay(500);
    }
    if (!ended && !app.exited)
      log(`${spec.name} (pid ${app.pid}) is not ready ${READY_AGAIN_DEADLINE_MS / 1000} s after its restart`);
  }

  launch();
  return {
    name: spec.name,
    port: spec.port,
    get pid() {
      return current.pid;
    },
    get exited() {
      return current.exited;
    },
    get recentLines() {
      return current.recentLines;
    },
    keepRunning() {
      armed = true;
    },
    async stop(stopLog) {
      ended = true;
      clearTimeout(pendingRestart);
      if (current.exited) return;
      await stopApp(current, stopLog);
      stopLog(`${spec.name} (pid ${current.pid}) stopped (${current.exited})`);
    },
    kill() {
      ended = true;
      clearTimeout(pendingRestart);
      if (!current.exited) current.child.kill('SIGKILL');
    },
  };
}
