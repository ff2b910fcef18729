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
import fs from 'node:fs'
import path from 'node:path'

const scope = process.env.MUTATION_SCOPE ?? 'all'

const domain = {
  mutate: ['src/domain/**/*.ts', '!src/domain/**/*.test.ts'],
  testFiles: ['src/domain/**/*.test.ts'],
}
const services = {
  mutate: [
    'src/services/publications.ts',
    'src/services/publications/**/*.ts',
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

// MUTATION_MODULE (a source path, e.g. src/domain/redaction.ts) mutates that one module against
// only the test files that exercise it: for a domain module, the domain test files that import it
// (found by their `from './<module>.js'` lines, so a new test file is picked up by itself); for a
// service, the files listed in SERVICE_TESTS below. Its reports and incremental file are named after
// the module (reports/mutation/<module>.json, reports/stryker-incremental-<module>.json), so runs of
// different modules neither overwrite nor invalidate each other. This is how the scores in
// docs/quality.md were measured (scripts/mutation-modules.sh runs a list of modules one by one).
const SERVICE_TESTS = {
  'src/services/publications': [
    'test/integration/publications.test.ts',
    'test/integration/publicationRules.test.ts',
    'test/integration/publicationsApi.test.ts',
  ],
  // Holds are placed and lifted by hand (the pages and the API) and automatically by linked proceedings.
  'src/services/publicationHolds.ts': [
    'test/integration/publicationHoldRules.test.ts',
    'test/integration/publications.test.ts',
    'test/integration/publicationRules.test.ts',
    'test/integration/linkedProceedings.test.ts',
    'test/integration/publicationHoldDates.test.ts',
    'test/integration/proceedingsPages.test.ts',
    'test/integration/proceedingsApi.test.ts',
  ],
  'src/services/publicationHtml.ts': ['src/services/publicationHtml.test.ts'],
  'src/services/portal': [
    'test/integration/familyPortal.test.ts',
    'test/integration/portalRules.test.ts',
    'test/integration/families.test.ts',
  ],
  'src/services/auditTrail.ts': ['test/integration/auditTrail.test.ts', 'test/integration/auditRules.test.ts'],
  'src/services/caseAccess.ts': [
    'test/integration/caseAccess.test.ts',
    'test/integration/investigations.test.ts',
    'test/integration/auditTrail.test.ts',
    'test/integration/familyPortal.test.ts',
  ],
}
function moduleScope(module) {
  if (module.startsWith('src/domain/')) {
    const name = path.basename(module, '.ts')
    const importer = new RegExp(`from '\\./${name}\\.js'`)
    const testFiles = fs
      .readdirSync('src/domain')
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `src/domain/${f}`)
      .filter((f) => importer.test(fs.readFileSync(f, 'utf8')))
    return { mutate: [module], testFiles }
  }
  const key = Object.keys(SERVICE_TESTS).find((k) => module === k || module.startsWith(`${k}/`) || module === `${k}.ts`)
  if (!key) throw new Error(`MUTATION_MODULE ${module}: no test files mapped (add it to SERVICE_TESTS)`)
  return { mutate: [fs.statSync(module).isDirectory() ? `${module}/**/*.ts` : module], testFiles: SERVICE_TESTS[key] }
}
const moduleName = process.env.MUTATION_MODULE
// MUTATION_LINES (e.g. 1-243) mutates only those lines of a one-file MUTATION_MODULE: on a loaded
// machine a large module is run in parts, each of which finishes (and records its results) on its own.
const lines = process.env.MUTATION_LINES
const label = moduleName
  ? moduleName
      .replace(/^src\//, '')
      .replace(/\.ts$/, '')
      .replaceAll('/', '-') + (lines ? `-L${lines}` : '')
  : null

// MUTATION_TEST_FILES (comma-separated) narrows the test files, for a quick run on one module:
//   MUTATION_TEST_FILES=src/domain/csv.test.ts npm run test:mutation:domain -- --mutate src/domain/csv.ts
const scoped = moduleName ? moduleScope(moduleName) : picked
if (lines) scoped.mutate = scoped.mutate.map((m) => `${m}:${lines}`)
const chosen = process.env.MUTATION_TEST_FILES
  ? { ...scoped, testFiles: process.env.MUTATION_TEST_FILES.split(',').map((f) => f.trim()) }
  : scoped

// MUTATION_SAMPLE (0–1, with MUTATION_SEED) runs a seeded sample of the mutants: those starting on
// the sampled lines (scripts/mutation-sample.mjs). For the services, whose integration files make
// a full run take many hours on two cores; scripts/mutation-score.mjs gives the sample's score.
const sample = Number(process.env.MUTATION_SAMPLE ?? '1')
const sampled = sample > 0 && sample < 1
const reportLabel = label && sampled ? `${label}-sample${sample}-seed${process.env.MUTATION_SEED ?? '1'}` : label

const domainOnly = chosen.mutate.every((m) => m.startsWith('src/domain/') || m.startsWith('!src/domain/'))

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
  // MUTATION_TYPECHECK=0 runs without the TypeScript checker: on a loaded machine the checker took
  // ten times the CPU of the domain tests themselves. Mutants that would not compile are then run
  // too (most fail at once and count as killed); survivors are read by hand (docs/quality.md).
  checkers: process.env.MUTATION_TYPECHECK === '0' ? [] : ['typescript'],
  // The checker type-checks only what a mutant can break: src/domain/ (which imports nothing else
  // of Candour's) for domain runs, src/ for the services. Checking the tests and scripts too (the
  // whole tsconfig.json) made its start-up and each check several times slower; the tests are not
  // what is mutated, and esbuild runs them without their types.
  tsconfigFile: domainOnly ? 'tsconfig.mutation-domain.json' : 'tsconfig.mutation-services.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // The machine is shared: two workers at most (override with --concurrency).
  concurrency: 2,
  // Integration files take seconds each; a mutant that makes one hang is a timeout (counted as killed).
  // Domain test files take a second or two, so 15 s past the normal time is plenty there and a
  // mutant that loops for ever (a `for (;;)` that no longer ends) costs 15 s, not a minute.
  timeoutMS: domainOnly ? 15000 : 60000,
  // The first run of every test file (to learn what covers what) took over Stryker's 5 minutes for
  // the services' integration files on the loaded shared machine, which ended the whole run.
  dryRunTimeoutMinutes: 30,
  incremental: true,
  incrementalFile: reportLabel ? `reports/stryker-incremental-${reportLabel}.json` : 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${reportLabel ?? 'mutation'}.html` },
  jsonReporter: { fileName: `reports/mutation/${reportLabel ?? 'mutation'}.json` },
  ...(sampled ? { appendPlugins: ['./scripts/mutation-sample.mjs'], ignorers: ['sample'] } : {}),
  thresholds: { high: 85, low: 75, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['/dist/', '/data/', '/coverage/', '/reports/', '/.mutation-build/', '/bench/', '/test/e2e/'],
}
