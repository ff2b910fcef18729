// StrykerJS mutation testing (npm run test:mutation; see docs/quality.md).
//
// Node's test runner has no Stryker plugin, so the TAP runner drives it: each test file is run as
// `node -r <stryker hook> --test-reporter=tap <file>` (in-process, so Stryker's hook sees which
// mutants the file reached). The sandbox is first transpiled to JavaScript in .mutation-build/
// (scripts/mutation-build.mjs), because starting tsx for each of thousands of runs costs three
// times the CPU. A test file is Stryker's unit of coverage, so a mutant is only tried against
// the files that reached it.
//
// MUTATION_SCOPE picks what is mutated and which tests may kill it:
//   domain   — src/domain/ against its unit tests (fast: a few minutes on one core);
//   services — the services that decide what is released or shown to whom, against the
//              integration tests that drive them, on PGlite only (CANDOUR_TEST_DATABASES);
//   all      — both (the default).
const scope = process.env.MUTATION_SCOPE ?? 'all'

const domain = {
  mutate: ['src/domain/**/*.ts', '!src/domain/**/*.test.ts'],
  testFiles: ['src/domain/**/*.test.ts'],
}
const services = {
  mutate: [
    'src/services/publications.ts',
    'src/services/publicationHolds.ts',
    'src/services/publicationHtml.ts',
    'src/services/portal/**/*.ts',
    'src/services/auditTrail.ts',
    'src/services/caseAccess.ts',
    // reports' redaction-related parts live in publications (marks, release) and the domain's
    // redaction rules; reports.ts itself is drafting and approval, so it is not in the set.
  ],
  testFiles: [
    'src/services/publicationHtml.test.ts',
    'test/integration/publications.test.ts',
    'test/integration/publicationsApi.test.ts',
    'test/integration/publicationRules.test.ts',
    'test/integration/familyPortal.test.ts',
    'test/integration/portalRules.test.ts',
    'test/integration/auditTrail.test.ts',
    'test/integration/auditRules.test.ts',
    'test/integration/families.test.ts',
    'test/integration/familiesPages.test.ts',
  ],
}
const picked =
  scope === 'domain'
    ? domain
    : scope === 'services'
      ? services
      : {
          mutate: [...domain.mutate, ...services.mutate],
          testFiles: [...domain.testFiles, ...services.testFiles],
        }

// MUTATION_TEST_FILES (comma-separated) narrows the test files, for a quick run on one module:
//   MUTATION_TEST_FILES=src/domain/csv.test.ts npm run test:mutation:domain -- --mutate src/domain/csv.ts
const chosen = process.env.MUTATION_TEST_FILES
  ? { ...picked, testFiles: process.env.MUTATION_TEST_FILES.split(',').map((f) => f.trim()) }
  : picked

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'tap',
  tap: {
    testFiles: chosen.testFiles.map((f) => `.mutation-build/${f.replace(/\.ts$/, '.js')}`),
    nodeArgs: ['-r', '{{hookFile}}', '--test-reporter=tap', '{{testFile}}'],
    forceBail: true,
  },
  mutate: chosen.mutate,
  buildCommand: 'node scripts/mutation-build.mjs',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // The machine is shared: two workers at most (override with --concurrency).
  concurrency: 2,
  // Integration files take seconds each; a mutant that makes one hang is a timeout (counted as killed).
  timeoutMS: 60000,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 85, low: 75, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['/dist/', '/data/', '/coverage/', '/reports/', '/.mutation-build/', '/bench/', '/test/e2e/'],
}
