// A seeded sample of a module's mutants, for services whose test files take too long to run once
// per mutant (docs/quality.md, "Sampled runs"). A mutant is in the sample when the line it starts
// on is: each line is in with probability MUTATION_SAMPLE (0–1), decided by a hash of the seed,
// the line's number and its text, so the same code gives the same sample on every run and machine.
//
// The Stryker ignore-plugin below skips the mutants of a node that lies wholly on a line outside
// the sample. A node spanning several lines cannot be skipped without skipping everything inside it
// (Stryker ignores a node's whole subtree), so such a node's own mutants are run even when its first
// line is out; scripts/mutation-score.mjs then counts exactly the sampled lines' mutants.
import { createHash } from 'node:crypto'

export const SAMPLE = Number(process.env.MUTATION_SAMPLE ?? '1')
export const SEED = process.env.MUTATION_SEED ?? '1'

/** Is line `line` (1-based) with this text in the sample? */
export function lineSampled(line, text, rate = SAMPLE, seed = SEED) {
  if (rate >= 1) return true
  const digest = createHash('sha256').update(`${seed}\n${line}\n${text}`).digest()
  return digest.readUInt32BE(0) / 2 ** 32 < rate
}

const sampleIgnorer = {
  shouldIgnore(path) {
    const loc = path.node.loc
    if (!loc || loc.start.line !== loc.end.line) return undefined
    const code = path.hub?.file?.code ?? path.hub?.getCode?.()
    if (typeof code !== 'string') throw new Error('mutation sample: the source text is not reachable from the node')
    const text = code.split('\n')[loc.start.line - 1] ?? ''
    return lineSampled(loc.start.line, text) ? undefined : `Not in the sample (MUTATION_SAMPLE=${SAMPLE}, seed ${SEED})`
  },
}

export const strykerPlugins = [{ kind: 'Ignore', name: 'sample', value: sampleIgnorer }]
