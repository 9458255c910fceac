/**
 * `npm test`: every check, in order, with one closing line "N passed, N failed" that CI reads.
 * Type check, lint and build count as one check each; vitest suites count their tests.
 * Keeps going after a failure so one run shows everything that is broken.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

interface Step {
  name: string;
  cmd: string;
  /** vitest JSON report to read counts from; otherwise the step counts as one check. */
  report?: string;
  /** A step whose failure makes this one meaningless (e2e on a stale or missing dist/). */
  needs?: string;
}

mkdirSync('test-results', { recursive: true });
const steps: Step[] = [
  { name: 'rules', cmd: 'npm run -s rules:build' },
  { name: 'typecheck', cmd: 'npm run -s typecheck' },
  { name: 'lint', cmd: 'npm run -s lint' },
  {
    name: 'unit',
    cmd: 'npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json',
    report: 'test-results/unit.json',
  },
  { name: 'build', cmd: 'npm run -s build' },
  // The e2e tests drive this build: the same sources with the content script's test hooks on
  // (src/content/test-hooks.ts); the packages users get (dist/) are checked by stealth.e2e.ts.
  { name: 'build:test-hooks', cmd: 'npm run -s build:test-hooks', needs: 'build' },
  {
    name: 'e2e',
    cmd: 'npx vitest run -c vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json=test-results/e2e.json',
    report: 'test-results/e2e.json',
    needs: 'build:test-hooks',
  },
];

let passed = 0;
let failed = 0;
const failures: string[] = [];
for (const step of steps) {
  if (step.report) rmSync(step.report, { force: true });
  if (step.needs && failures.includes(step.needs)) {
    // Counted as a failure, not skipped: a green line must mean every check really ran.
    console.log(`\n✗ ${step.name}: not run because ${step.needs} failed`);
    failures.push(step.name);
    failed += 1;
    continue;
  }
  console.log(`\n▶ ${step.name}: ${step.cmd}`);
  const started = Date.now();
  const result = spawnSync(step.cmd, { shell: true, stdio: 'inherit' });
  const ok = result.status === 0;
  if (step.report && existsSync(step.report)) {
    const report = JSON.parse(readFileSync(step.report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numTotalTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    // The project allows no skipped or todo tests: each one counts as a failure.
    const notRun = report.numPendingTests + (report.numTodoTests ?? 0);
    if (notRun > 0) {
      console.log(`✗ ${step.name}: ${notRun} skipped/todo test(s) count as failures`);
      failed += notRun;
      if (ok) failures.push(step.name);
    }
    // A suite that crashed before running, or ran nothing, is a failure, never a silent pass.
    if ((!ok && report.numFailedTests === 0 && notRun === 0) || report.numTotalTests === 0) failed += 1;
  } else if (ok) {
    passed += 1;
  } else {
    failed += 1;
  }
  if (!ok) failures.push(step.name);
  console.log(`◀ ${step.name}: ${ok ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (failures.length) console.log(`\nFailed steps: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && failures.length === 0 ? 0 : 1);
