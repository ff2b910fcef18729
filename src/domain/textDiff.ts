/**
 * A readable diff between two texts, for comparing versions of the final report. Pure and
 * dependency-free: the texts are split into tokens (words, runs of spaces, and line breaks, so
 * joining the tokens gives the text back exactly), and the longest common subsequence of tokens
 * decides what was kept, inserted and deleted. Neighbouring pieces of the same kind are merged,
 * so the result reads as phrases rather than single words.
 *
 * Applying the diff (keeping 'equal' and 'insert' pieces, in order) reproduces the new text;
 * keeping 'equal' and 'delete' pieces reproduces the old text.
 */

export type DiffKind = 'equal' | 'insert' | 'delete'

export interface DiffPiece {
  kind: DiffKind
  text: string
}

/** Words, runs of horizontal whitespace and line breaks; their concatenation is the text. */
export function tokenise(text: string): string[] {
  return text.match(/\r\n|\n|\r|[^\S\r\n]+|[^\s]+/g) ?? []
}

/**
 * The longest common subsequence table is quadratic; above this many cells the middle of the
 * texts is compared line by line instead of word by word, which keeps large reports quick.
 */
const MAX_CELLS = 4_000_000

/** The diff of two token lists (common prefix and suffix trimmed first). */
function diffTokens(a: readonly string[], b: readonly string[]): DiffPiece[] {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const pieces: DiffPiece[] = []
  if (start > 0) pieces.push({ kind: 'equal', text: a.slice(0, start).join('') })
  const midA = a.slice(start, endA)
  const midB = b.slice(start, endB)
  const n = midA.length
  const m = midB.length
  if (n === 0 && m > 0) pieces.push({ kind: 'insert', text: midB.join('') })
  else if (m === 0 && n > 0) pieces.push({ kind: 'delete', text: midA.join('') })
  else if (n > 0 && m > 0) {
    if ((n + 1) * (m + 1) > MAX_CELLS) {
      pieces.push({ kind: 'delete', text: midA.join('') }, { kind: 'insert', text: midB.join('') })
    } else {
      // lengths[i][j]: LCS length of midA[i..] and midB[j..], in one flat array.
      const width = m + 1
      const lengths = new Uint32Array((n + 1) * width)
      for (let i = n - 1; i >= 0; i--) {
        for (let j = m - 1; j >= 0; j--) {
          lengths[i * width + j] =
            midA[i] === midB[j]
              ? lengths[(i + 1) * width + j + 1]! + 1
              : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!)
        }
      }
      let i = 0
      let j = 0
      while (i < n && j < m) {
        if (midA[i] === midB[j]) {
          pieces.push({ kind: 'equal', text: midA[i]! })
          i++
          j++
        } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
          pieces.push({ kind: 'delete', text: midA[i]! })
          i++
        } else {
          pieces.push({ kind: 'insert', text: midB[j]! })
          j++
        }
      }
      if (i < n) pieces.push({ kind: 'delete', text: midA.slice(i).join('') })
      if (j < m) pieces.push({ kind: 'insert', text: midB.slice(j).join('') })
    }
  }
  if (endA < a.length) pieces.push({ kind: 'equal', text: a.slice(endA).join('') })
  return pieces
}

/**
 * Merges neighbouring pieces of the same kind, and folds a lone space between two changes into
 * them (so "<del>the old</del><ins>a new</ins>" rather than alternating word by word).
 */
function tidy(pieces: readonly DiffPiece[]): DiffPiece[] {
  const folded: DiffPiece[] = []
  for (let k = 0; k < pieces.length; k++) {
    const piece = pieces[k]!
    const before = pieces[k - 1]
    const after = pieces[k + 1]
    if (
      piece.kind === 'equal' &&
      /^[^\S\r\n]+$/.test(piece.text) &&
      before &&
      after &&
      before.kind !== 'equal' &&
      after.kind !== 'equal'
    ) {
      folded.push({ kind: 'delete', text: piece.text }, { kind: 'insert', text: piece.text })
    } else if (piece.text !== '') folded.push(piece)
  }
  // Within each run of changes, deletions first, then insertions.
  const ordered: DiffPiece[] = []
  let deleted = ''
  let inserted = ''
  const flush = () => {
    if (deleted) ordered.push({ kind: 'delete', text: deleted })
    if (inserted) ordered.push({ kind: 'insert', text: inserted })
    deleted = ''
    inserted = ''
  }
  for (const piece of folded) {
    if (piece.kind === 'delete') deleted += piece.text
    else if (piece.kind === 'insert') inserted += piece.text
    else {
      flush()
      const last = ordered[ordered.length - 1]
      if (last && last.kind === 'equal') last.text += piece.text
      else ordered.push({ ...piece })
    }
  }
  flush()
  return ordered
}

/** A word-level diff of two texts (line breaks are tokens, so changed lines show too). */
export function diffText(oldText: string, newText: string): DiffPiece[] {
  const a = tokenise(oldText)
  const b = tokenise(newText)
  return tidy(diffTokens(a, b))
}

/** A line-level diff: each piece is one or more whole lines. */
export function diffLines(oldText: string, newText: string): DiffPiece[] {
  const lines = (text: string) => text.match(/[^\n]*\n|[^\n]+$/g) ?? []
  const pieces = diffTokens(lines(oldText), lines(newText))
  const merged: DiffPiece[] = []
  for (const piece of pieces) {
    const last = merged[merged.length - 1]
    if (last && last.kind === piece.kind) last.text += piece.text
    else merged.push({ ...piece })
  }
  return merged
}

/** The new text, from the old diff: 'equal' and 'insert' pieces in order. */
export function applyDiff(pieces: readonly DiffPiece[]): string {
  return pieces
    .filter((p) => p.kind !== 'delete')
    .map((p) => p.text)
    .join('')
}

/** The old text, from the diff: 'equal' and 'delete' pieces in order. */
export function revertDiff(pieces: readonly DiffPiece[]): string {
  return pieces
    .filter((p) => p.kind !== 'insert')
    .map((p) => p.text)
    .join('')
}

/** True when the diff changes nothing. */
export function isUnchanged(pieces: readonly DiffPiece[]): boolean {
  return pieces.every((p) => p.kind === 'equal')
}

/** How much changed, in words (whitespace not counted). */
export function diffStatistics(pieces: readonly DiffPiece[]): { wordsInserted: number; wordsDeleted: number } {
  const words = (text: string) => (text.match(/\S+/g) ?? []).length
  return {
    wordsInserted: pieces.filter((p) => p.kind === 'insert').reduce((n, p) => n + words(p.text), 0),
    wordsDeleted: pieces.filter((p) => p.kind === 'delete').reduce((n, p) => n + words(p.text), 0),
  }
}
