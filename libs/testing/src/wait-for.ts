/**
 * Waits for a condition with a deadline, polling; fails with what was last seen.
 * Tests use it instead of sleeping and hoping.
 */
export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let lastSeen: unknown;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value as T;
      lastSeen = value;
    } catch (error) {
      lastError = error;
    }
    await new Promise<void>((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
  const seen = lastError ? `last error: ${(lastError as Error).message}` : `last seen: ${JSON.stringify(lastSeen)}`;
  throw new Error(`Timed out after ${options.timeoutMs ?? 15_000} ms waiting for ${description} (${seen})`);
}
