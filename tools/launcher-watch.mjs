// Tells start.mjs when whoever launched it is gone. `npm start` runs it as npm → sh → node, and
// a SIGKILL of npm (or of the shell) reaches neither sh nor node: they are only re-parented. So
// start.mjs remembers its launch chain, up to and including npm, and polls that every link still
// has the same parent; a process that died has had its children re-parented.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const POLL_MS = 500;
/** npm → sh → node: the chain is short; never climb to the user's shell or init. */
const MAX_LINKS = 3;

/**
 * Calls onGone(description) once when a process of the launch chain has exited.
 * Returns the timer (unref'd), to clear it.
 */
export function watchLaunchers(onGone, { pollMs = POLL_MS } = {}) {
  const chain = launchChain();
  const timer = setInterval(() => {
    const broken = chain.find(({ pid, parent }) => parentOf(pid) !== parent.pid);
    if (!broken) return;
    clearInterval(timer);
    onGone(`${broken.parent.name} (pid ${broken.parent.pid}) that launched it is gone`);
  }, pollMs);
  timer.unref();
  return timer;
}

/** [{ pid, parent: { pid, name } }] from this process up to npm when npm ran it, else just the parent. */
function launchChain() {
  const chain = [];
  let pid = process.pid;
  for (let link = 0; link < MAX_LINKS; link++) {
    const parentPid = parentOf(pid);
    if (!parentPid || parentPid <= 1) break;
    const name = commandOf(parentPid);
    chain.push({ pid, parent: { pid: parentPid, name } });
    if (!process.env.npm_lifecycle_event || /\bnpm\b|npm-cli/.test(name)) break;
    pid = parentPid;
  }
  return chain;
}

/** The parent pid of a running process; undefined once it has exited (a zombie counts as exited). */
function parentOf(pid) {
  if (pid === process.pid) return process.ppid;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return state === 'Z' ? undefined : Number(ppid);
  } catch (error) {
    if (error.code === 'ENOENT' && isLinux()) return undefined;
    return psField(pid, 'ppid=');
  }
}

function commandOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') || `pid ${pid}`;
  } catch {
    return psField(pid, 'args=') ?? `pid ${pid}`;
  }
}

/** Where there is no /proc (macOS): ps. */
function psField(pid, field) {
  try {
    const value = execFileSync('ps', ['-o', field, '-p', String(pid)], { encoding: 'utf8' }).trim();
    if (!value) return undefined;
    return field === 'ppid=' ? Number(value) : value;
  } catch {
    return undefined;
  }
}

function isLinux() {
  return process.platform === 'linux';
}
