// Loaded into each app by start.mjs (`node --import .../exit-with-parent.mjs main.js`): an app
// must never outlive `npm start`. start.mjs stops its apps itself when it can (Ctrl-C, SIGTERM,
// SIGHUP), but a SIGKILL leaves it no chance, so each app watches the IPC channel start.mjs
// opened to it: the kernel closes that channel when start.mjs dies, however it dies, and the
// app then stops as on SIGTERM (draining, within the bound libs/platform gives a stop).
// Without an IPC channel (an app started any other way) this does nothing.
const HARD_STOP_MS = 30_000;

if (process.channel) {
  // Watching must not keep an app alive that would otherwise end.
  process.channel.unref();
  process.once('disconnect', () => {
    // Nobody reads our output any more: a log line must not fail the stop half-way (EPIPE).
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
    process.kill(process.pid, 'SIGTERM');
    // Should the app not stop on SIGTERM, it still goes.
    setTimeout(() => process.exit(1), HARD_STOP_MS).unref();
  });
}
