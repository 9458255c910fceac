/**
 * Site selectors shipped in the rule bundle, so a layout change on a chat site can be fixed by a
 * rule update without a new release. Owned by the content script (issue 4); the engine only
 * validates the shape and passes it through.
 */
export type SitesConfig = Record<string, unknown>;

/** Validate the `sites` section; return a list of problems (empty when valid). */
export function validateSites(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return ['sites: expected an object'];
  return [];
}
