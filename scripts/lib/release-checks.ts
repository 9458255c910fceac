/**
 * The release's consistency checks, pure so they are unit-tested: one version in package.json,
 * the same in package-lock.json and as the newest CHANGELOG.md entry, none in manifest.json.
 */

const SEMVER = /^\d+\.\d+\.\d+$/;

export interface ReleaseFiles {
  packageJson: string;
  packageLock: string;
  manifestJson: string;
  changelog: string;
}

/** The newest version heading of a Keep-a-Changelog file ("## [0.2.0] - 2026-12-05"), if any. */
export function newestChangelogVersion(changelog: string): string | null {
  for (const line of changelog.split('\n')) {
    const m = /^## \[([^\]]+)\]/.exec(line);
    if (m?.[1] && m[1].toLowerCase() !== 'unreleased') return m[1];
  }
  return null;
}

/** Problems, in plain words; empty when the release may go ahead. */
export function checkVersions(files: ReleaseFiles): string[] {
  const problems: string[] = [];
  const pkg = JSON.parse(files.packageJson) as { version?: unknown };
  const lock = JSON.parse(files.packageLock) as {
    version?: unknown;
    packages?: Record<string, { version?: unknown }>;
  };
  const manifest = JSON.parse(files.manifestJson) as { version?: unknown };
  const version = typeof pkg.version === 'string' ? pkg.version : '';
  if (!SEMVER.test(version)) problems.push(`package.json version "${version}" is not MAJOR.MINOR.PATCH`);
  if (lock.version !== version || lock.packages?.['']?.version !== version)
    problems.push(
      `package-lock.json says ${String(lock.version)}, package.json says ${version} (run npm install)`,
    );
  if (manifest.version !== undefined)
    problems.push('manifest.json must not carry a version: scripts/manifest.ts takes it from package.json');
  const logged = newestChangelogVersion(files.changelog);
  if (logged !== version)
    problems.push(`CHANGELOG.md's newest entry is ${logged ?? 'missing'}, package.json says ${version}`);
  return problems;
}
