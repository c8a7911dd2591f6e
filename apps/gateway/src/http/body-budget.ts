/**
 * How much request body one gateway process holds at once. A body is held from the moment it is
 * read until its answer is sent (parsed, forwarded, its reply built): a 20 MB model document costs
 * the gateway's heap five times its size. So a large body (over `largeFromBytes`, a model upload)
 * is taken one at a time, and the small ones (orders, configurations: up to 256 KB each) share
 * `smallBytes`; past either the request is answered 503 at once, before its body is read, instead
 * of the process running out of memory. What a body claims is its Content-Length, or the route's
 * limit when it does not say.
 */
export class BodyBudget {
  private smallHeld = 0;
  private largeHeld = false;

  constructor(readonly limits: { smallBytes: number; largeFromBytes: number } = DEFAULT_BODY_BUDGET) {}

  /** Room for a body of `bytes`: the function that gives it back (once), or null when there is none now. */
  take(bytes: number): (() => void) | null {
    if (bytes > this.limits.largeFromBytes) {
      if (this.largeHeld) return null;
      this.largeHeld = true;
      return once(() => (this.largeHeld = false));
    }
    if (this.smallHeld + bytes > this.limits.smallBytes) return null;
    this.smallHeld += bytes;
    return once(() => (this.smallHeld -= bytes));
  }
}

/** 8 MB of small bodies (32 of the largest; thousands of orders) and one upload over 1 MB at a time. */
export const DEFAULT_BODY_BUDGET = { smallBytes: 8 * 1024 * 1024, largeFromBytes: 1024 * 1024 };

function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}
