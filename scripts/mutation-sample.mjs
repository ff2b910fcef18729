// A seeded sample of a module's mutants, for services whose test files take too long to run once
// per mutant (docs/quality.md, "Sampled runs"). A mutant is in the sample when the line it starts
// on is: each line is in with probability MUTATION_SAMPLE (0–1), decided by a hash of the seed,
// the line's number and its text, so the same code gives the same sample on every run and machine.
//
// The Stryker ignore-plugin below skips a node (and so everything inside it: Stryker ignores a
// node's whole subtree) when none of the lines it spans is in the sample. A node spanning a sampled
// line is kept whole, so its own mutants run even when its first line is out; the mutants that
// count are picked afterwards by scripts/mutation-score.mjs: exactly those starting on sampled lines.
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
    if (!loc) return undefined
    const code = path.hub?.file?.code ?? path.hub?.getCode?.()
    if (typeof code !== 'string') throw new Error('mutation sample: the source text is not reachable from the node')
    const lines = code.split('\n')
    for (let line = loc.start.line; line <= loc.end.line; line++)
      if (lineSampled(line, lines[line - 1] ?? '')) return undefined
    return `Not in the sample (MUTATION_SAMPLE=${SAMPLE}, seed ${SEED})`
  },
}

export const strykerPlugins = [{ kind: 'Ignore', name: 'sample', value: sampleIgnorer }]
