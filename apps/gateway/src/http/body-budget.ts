/**
 * How much request body one gateway process holds at once. A body is held from the moment it is
 * read until its answer is sent (parsed, forwarded, its reply built): a 20 MB model document costs
 * the gateway's heap about five times its size. So large bodies (over `largeFromBytes`: model
 * uploads) share `largeBytes` and the small ones (orders, configurations: up to 256 KB each) share
 * `smallBytes`; a body is taken when it fits in its share, or when its share holds nothing (one
 * upload of the largest size). Past that the request is answered 503 at once, before its body is
 * read, instead of the process running out of memory. What a body claims is its Content-Length, or
 * the route's limit when it does not say.
 */
export class BodyBudget {
  private readonly held = { small: 0, large: 0 };

  constructor(readonly limits: BodyLimits = DEFAULT_BODY_BUDGET) {}

  /** Room for a body of `bytes`: the function that gives it back (once), or null when there is none now. */
  take(bytes: number): (() => void) | null {
    const share = bytes > this.limits.largeFromBytes ? 'large' : 'small';
    const limit = share === 'large' ? this.limits.largeBytes : this.limits.smallBytes;
    if (this.held[share] > 0 && this.held[share] + bytes > limit) return null;
    this.held[share] += bytes;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.held[share] -= bytes;
    };
  }
}

export interface BodyLimits {
  smallBytes: number;
  largeBytes: number;
  largeFromBytes: number;
}

/**
 * 8 MB of small bodies (32 of the largest; thousands of orders) and 20 MB of uploads over 1 MB
 * (one of the largest, or several smaller): with a 192 MB heap (tools/environment.mjs) the gateway
 * holds both at once.
 */
export const DEFAULT_BODY_BUDGET: BodyLimits = {
  smallBytes: 8 * 1024 * 1024,
  largeBytes: 20 * 1024 * 1024,
  largeFromBytes: 1024 * 1024,
};
