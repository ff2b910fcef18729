/**
 * A readable diff between two texts, for comparing versions of the final report. The texts are
 * split into tokens (words, runs of spaces, and line breaks, so joining the tokens gives the text
 * back exactly) and compared with jsdiff's Myers O(ND) algorithm (the `diff` package), which is
 * quick when few tokens changed however long the texts are. Neighbouring pieces of the same kind
 * are merged, so the result reads as phrases rather than single words.
 *
 * Applying the diff (keeping 'equal' and 'insert' pieces, in order) reproduces the new text;
 * keeping 'equal' and 'delete' pieces reproduces the old text.
 */
import { diffArrays } from 'diff'

export type DiffKind = 'equal' | 'insert' | 'delete'

export interface DiffPiece {
  kind: DiffKind
  text: string
}

/** Words, runs of horizontal whitespace and line breaks; their concatenation is the text. */
export function tokenise(text: string): string[] {
  return text.match(/\r\n|\n|\r|[^\S\r\n]+|[^\s]+/g) ?? []
}

/** Whole lines, each with its line break; their concatenation is the text. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

/**
 * Myers' algorithm costs about D² steps for D tokens changed, so two texts that share little
 * would take minutes. Above this many changed tokens the comparison gives up at that level and
 * falls back (word level → line level → the changed lines as a whole): deterministic, and at most
 * a fraction of a second whatever the texts (bench/textDiff.ts). 1,000 changed tokens is about
 * 500 changed words in one stretch: past that, the changed lines are compared one stretch at a
 * time, so a report with a rewritten section still shows its small edits elsewhere word by word.
 */
const MAX_EDIT_LENGTH = 1_000

/** Myers diff of two token lists, or undefined when more than MAX_EDIT_LENGTH tokens differ. */
function myers(a: readonly string[], b: readonly string[]): DiffPiece[] | undefined {
  if (a.length === 0 && b.length === 0) return []
  if (a.length === 0) return [{ kind: 'insert', text: b.join('') }]
  if (b.length === 0) return [{ kind: 'delete', text: a.join('') }]
  const changes = diffArrays([...a], [...b], { maxEditLength: MAX_EDIT_LENGTH })
  if (!changes) return undefined
  return changes.map((change) => ({
    kind: change.added ? 'insert' : change.removed ? 'delete' : 'equal',
    text: change.value.join(''),
  }))
}

/** Trims the common prefix and suffix, so the costly part only sees what may have changed. */
function trimmed(
  a: readonly string[],
  b: readonly string[],
  middle: (a: readonly string[], b: readonly string[]) => DiffPiece[],
): DiffPiece[] {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  // concat, not push(...): the middle may hold more pieces than a call can take arguments.
  const head: DiffPiece[] = start > 0 ? [{ kind: 'equal', text: a.slice(0, start).join('') }] : []
  return head.concat(
    middle(a.slice(start, endA), b.slice(start, endB)),
    endA < a.length ? [{ kind: 'equal', text: a.slice(endA).join('') }] : [],
  )
}

/** Everything in a as deleted and everything in b as inserted: the last resort. */
function replaced(a: readonly string[], b: readonly string[]): DiffPiece[] {
  const pieces: DiffPiece[] = []
  if (a.length) pieces.push({ kind: 'delete', text: a.join('') })
  if (b.length) pieces.push({ kind: 'insert', text: b.join('') })
  return pieces
}

/** Line diff of token lists that are whole lines; the changed lines as a whole if even that is too much. */
function lineLevel(a: readonly string[], b: readonly string[]): DiffPiece[] {
  return trimmed(a, b, (midA, midB) => myers(midA, midB) ?? replaced(midA, midB))
}

/**
 * Word diff: Myers over the tokens; when too much differs, the lines that changed are found
 * first and each changed stretch of lines is compared word by word (or, if that stretch too has
 * changed too much, shown as replaced). If even the lines differ too much, all is replaced.
 */
function wordLevel(a: readonly string[], b: readonly string[]): DiffPiece[] {
  return trimmed(a, b, (midA, midB) => {
    const exact = myers(midA, midB)
    if (exact) return exact
    const lines = myers(splitLines(midA.join('')), splitLines(midB.join('')))
    if (!lines) return replaced(midA, midB)
    const pieces: DiffPiece[] = []
    // Within each run of changed lines, compare the deleted and inserted lines word by word.
    for (let k = 0; k < lines.length; k++) {
      const piece = lines[k]!
      if (piece.kind === 'equal') {
        pieces.push(piece)
        continue
      }
      let deleted = ''
      let inserted = ''
      while (k < lines.length && lines[k]!.kind !== 'equal') {
        if (lines[k]!.kind === 'delete') deleted += lines[k]!.text
        else inserted += lines[k]!.text
        k++
      }
      k--
      const oldTokens = tokenise(deleted)
      const newTokens = tokenise(inserted)
      for (const change of myers(oldTokens, newTokens) ?? replaced(oldTokens, newTokens)) pieces.push(change)
    }
    return pieces
  })
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
  return tidy(wordLevel(tokenise(oldText), tokenise(newText)))
}

/** A line-level diff: each piece is one or more whole lines. */
export function diffLines(oldText: string, newText: string): DiffPiece[] {
  const pieces = lineLevel(splitLines(oldText), splitLines(newText))
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
