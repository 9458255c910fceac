/**
 * The project's public addresses, written once (they match package.json's `homepage` and
 * `bugs.url`; a unit test keeps them equal). Whoever publishes Vigie under another address changes
 * them there and here. Opening one of these links sends nothing by itself: the user reads, and
 * decides what to write.
 */
export const PROJECT_HOMEPAGE = 'https://github.com/vigie-extension/vigie';
export const PROJECT_ISSUES = `${PROJECT_HOMEPAGE}/issues`;
/** New-issue forms with their own questions (.github/ISSUE_TEMPLATE/*.md). */
export const REPORT_WRONG_WARNING = `${PROJECT_ISSUES}/new?template=wrong-warning.md`;
export const REPORT_PAGE_NOT_READ = `${PROJECT_ISSUES}/new?template=page-not-read.md`;
export const PRIVACY_POLICY = `${PROJECT_HOMEPAGE}/blob/main/docs/privacy.md`;
