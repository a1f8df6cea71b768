/**
 * Retries `check` (assertions that throw) until it passes or `timeoutMs` runs out, then throws its last
 * failure: what the page shows is polled from the test, and a failure says what it showed last.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
