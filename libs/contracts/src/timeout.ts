/**
 * The promise's own outcome, or a rejection with `message` once `ms` have passed, whichever comes
 * first. The timer never keeps the process alive; a rejection of the promise after the timeout is
 * already reported (by the timeout) and is not an unhandled one (the race handles it).
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message = `no answer in ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
