// The five apps as child processes of start.mjs: their output prefixed with their name,
// their last lines kept for when one dies, and a graceful stop with a deadline.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { appNodeFlags, appProcessEnvironment, readEnvironment, repoRoot } from './environment.mjs';

/** Loaded into every app before its own code: the app stops when start.mjs is gone, however it went. */
const exitWithParent = pathToFileURL(join(repoRoot, 'tools', 'exit-with-parent.mjs')).href;

/** The apps, with the HTTP port each answers /health on and the variable that sets it. */
export function atelierApps({ gatewayPort, appPorts } = readEnvironment()) {
  return [
    { name: 'configurator', port: appPorts.configurator, portVariable: 'HTTP_PORT' },
    { name: 'scheduling', port: appPorts.scheduling, portVariable: 'HTTP_PORT' },
    { name: 'suppliers', port: appPorts.suppliers, portVariable: 'HTTP_PORT' },
    { name: 'orders', port: appPorts.orders, portVariable: 'HTTP_PORT' },
    { name: 'gateway', port: gatewayPort, portVariable: 'PORT' },
  ].map((app) => ({ ...app, entry: join(repoRoot, 'dist', 'apps', app.name, 'src', 'main.js') }));
}

const STOP_DEADLINE_MS = 15_000;
const RECENT_LINES = 25;
const COLOURS = [36, 33, 35, 32, 34]; // cyan, yellow, magenta, green, blue
const nameWidth = 'configurator'.length;

/**
 * Starts one app. onExit(app, description) is called when it exits, whether stopped
 * or not; app.stopping tells which.
 */
export function startApp({ name, entry, port, portVariable }, { env, index, onExit }) {
  const child = spawn(process.execPath, [...appNodeFlags(name), '--import', exitWithParent, entry], {
    cwd: repoRoot,
    env: { ...appProcessEnvironment, ...env, [portVariable]: String(port) },
    // Own process group: a terminal's Ctrl-C reaches start.mjs only, which stops the apps
    // before the servers they depend on.
    detached: true,
    // The IPC channel is how an app learns that start.mjs is gone (exit-with-parent.mjs):
    // the kernel closes it however start.mjs ends, SIGKILL included.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const app = { name, port, child, pid: child.pid, startedAt: Date.now(), recentLines: [], exited: undefined, stopping: false };
  const prefix = linePrefix(name, index);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      app.recentLines.push(line);
      if (app.recentLines.length > RECENT_LINES) app.recentLines.shift();
      process.stdout.write(`${prefix}${line}\n`);
    });
  }
  child.on('error', (error) => {
    app.exited = error.message;
    onExit(app, app.exited);
  });
  child.on('exit', (code, signal) => {
    app.exited = signal ? `signal ${signal}` : `code ${code}`;
    onExit(app, app.exited);
  });
  return app;
}

/** SIGTERM (the apps close their connections and workers), then SIGKILL after the deadline. */
export async function stopApp(app, log) {
  if (app.exited) return;
  app.stopping = true;
  const exited = new Promise((resolve) => app.child.once('exit', resolve));
  app.child.kill('SIGTERM');
  const inTime = await Promise.race([exited.then(() => true), delay(STOP_DEADLINE_MS).then(() => false)]);
  if (!inTime) {
    log(`${app.name} did not stop within ${STOP_DEADLINE_MS / 1000} s: killing it`);
    app.child.kill('SIGKILL');
    await exited;
  }
}

/** Whether the app on this port answers /health/ready now, and what it said. */
export async function readiness(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2000) });
    const body = (await response.text()).slice(0, 200);
    return { ready: response.ok, description: `/health/ready answered ${response.status} ${body}` };
  } catch (error) {
    return { ready: false, description: `/health/ready: ${error.cause?.code ?? error.name}` };
  }
}

function linePrefix(name, index) {
  const label = `${name.padEnd(nameWidth)} |`;
  if (!process.stdout.isTTY) return `${label} `;
  return `\x1b[${COLOURS[index % COLOURS.length]}m${label}\x1b[0m `;
}
