/**
 * Test hooks, compiled OUT of production builds (issue 17, point 12): in a build made with
 * VIGIE_TEST_HOOKS=1 (the end-to-end tests' build, dist-test/hooks/), the content script marks
 * `<html data-vigie="<state>">` and its badge hosts `data-vigie-badge`, so tests can see from the
 * page what Vigie did. In the packages users install, `TEST_HOOKS` is the constant false, the
 * minifier drops every branch that uses it, and the page can find no attribute naming Vigie.
 */
declare const __VIGIE_TEST_HOOKS__: boolean | undefined;

export const TEST_HOOKS: boolean = typeof __VIGIE_TEST_HOOKS__ === 'boolean' && __VIGIE_TEST_HOOKS__;

/** Names the test builds use; nothing reads them in production code. */
export const TEST_STATE_ATTR = 'data-vigie';
export const TEST_BADGE_ATTR = 'data-vigie-badge';
