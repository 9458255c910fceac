/**
 * Waits until a function evaluated in the page returns a truthy value, for Playwright and
 * Puppeteer pages alike. Evaluation errors count as "not yet": over WebDriver BiDi, Firefox can
 * throw from its own code when an evaluation races a navigation, and waitForFunction gives up then.
 */
/** Playwright's and Puppeteer's evaluate() differ in their generics; both take (fn, arg). */
interface Evaluates {
  evaluate: (...args: never[]) => Promise<unknown>;
}
type Evaluate = (fn: unknown, arg: unknown) => Promise<unknown>;

export async function waitInPage<R, A = undefined>(
  page: Evaluates,
  fn: (arg: A) => R,
  options: { arg?: A; timeoutMs?: number; message?: string } = {},
): Promise<R> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = (await (page.evaluate as Evaluate).call(page, fn, options.arg)) as R;
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError ? ` (last error: ${String(lastError)})` : '';
      throw new Error(
        `${options.message ?? 'Condition not met in the page'} within ${options.timeoutMs ?? 10_000} ms${why}`,
      );
    }
    await new Promise((done) => setTimeout(done, 50));
  }
}
