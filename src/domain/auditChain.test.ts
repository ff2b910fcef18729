import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import {
  canonicalJson,
  GENESIS_HASH,
  hashAuditEntry,
  sealEntries,
  verifyChainSegment,
  type AuditEntryContent,
  type SealedAuditEntry,
} from './auditChain.js'

function content(n: number, overrides: Partial<AuditEntryContent> = {}): AuditEntryContent {
  return {
    id: `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 9, 0, n)),
    actorUserId: '0190a000-0000-7000-8000-00000000aaaa',
    action: 'user.created',
    entityType: 'user',
    entityId: `user-${n}`,
    caseId: null,
    requestId: `req-${n}`,
    detail: { after: { roles: ['investigator'], n } },
    ...overrides,
  }
}

/** Seals contents the way services/auditTrail does, numbering from 1. */
function chain(contents: readonly AuditEntryContent[]): SealedAuditEntry[] {
  const seals = sealEntries(
    null,
    contents.map((c, i) => ({ ...c, seq: i + 1 })),
  )
  return contents.map((c, i) => ({ ...c, ...seals[i]! }))
}

describe('sealEntries', () => {
  it('chains from the genesis hash at position 1, each entry from the one before', () => {
    const contents = [content(1), content(2), content(3)]
    const seals = sealEntries(
      null,
      contents.map((c, i) => ({ ...c, seq: 10 + i })),
    )
    assert.deepEqual(
      seals.map((s) => s.chainPosition),
      [1, 2, 3],
    )
    assert.deepEqual(
      seals.map((s) => s.seq),
      [10, 11, 12],
    )
    assert.equal(seals[0]!.prevHash, GENESIS_HASH)
    assert.equal(seals[0]!.hash, hashAuditEntry(GENESIS_HASH, contents[0]!))
    assert.equal(seals[1]!.prevHash, seals[0]!.hash)
    assert.equal(seals[2]!.hash, hashAuditEntry(seals[1]!.hash, contents[2]!))
  })

  it('continues an existing chain from its head, in the order given rather than by sequence number', () => {
    const head = { chainPosition: 41, hash: 'f'.repeat(64) }
    const late = { ...content(7), seq: 3 }
    const early = { ...content(8), seq: 9 }
    const seals = sealEntries(head, [early, late])
    assert.deepEqual(
      seals.map((s) => [s.seq, s.chainPosition]),
      [
        [9, 42],
        [3, 43],
      ],
    )
    assert.equal(seals[0]!.prevHash, head.hash)
    const sealed = [early, late].map((c, i) => ({ ...c, ...seals[i]! }))
    assert.deepEqual(verifyChainSegment(head.hash, sealed), { ok: true, lastHash: seals[1]!.hash })
  })

  it('sealing in two batches gives the same chain as sealing in one', () => {
    const contents = [1, 2, 3, 4, 5].map((n) => ({ ...content(n), seq: n }))
    const whole = sealEntries(null, contents)
    const first = sealEntries(null, contents.slice(0, 2))
    const rest = sealEntries({ chainPosition: first[1]!.chainPosition, hash: first[1]!.hash }, contents.slice(2))
    assert.deepEqual([...first, ...rest], whole)
  })

  it('seals nothing when there is nothing to seal', () => {
    assert.deepEqual(sealEntries(null, []), [])
  })
})

describe('canonicalJson', () => {
  it('does not depend on the order keys were written in, at any depth', () => {
    const a = { b: 1, a: { y: [1, { q: 2, p: 1 }], x: 'x' } }
    const b = { a: { x: 'x', y: [1, { p: 1, q: 2 }] }, b: 1 }
    assert.equal(canonicalJson(a), canonicalJson(b))
    assert.equal(canonicalJson(a), '{"a":{"x":"x","y":[1,{"p":1,"q":2}]},"b":1}')
  })

  it('keeps array order, which is meaningful', () => {
    assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]))
  })

  it('writes dates as ISO strings, drops undefined properties, and writes null for nothing', () => {
    assert.equal(canonicalJson({ at: new Date('2026-03-04T05:06:07.089Z') }), '{"at":"2026-03-04T05:06:07.089Z"}')
    assert.equal(canonicalJson({ a: undefined, b: null }), '{"b":null}')
    assert.equal(canonicalJson(undefined), 'null')
  })

  it('agrees with what comes back from a JSON round trip (as jsonb does), whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const roundTripped = JSON.parse(JSON.stringify(value)) as unknown
        assert.equal(canonicalJson(roundTripped), canonicalJson(value))
      }),
    )
  })
})

describe('hashAuditEntry', () => {
  it('is a SHA-256 hex digest that depends on the previous hash and on the content', () => {
    const c = content(1)
    const h = hashAuditEntry(GENESIS_HASH, c)
    assert.match(h, /^[0-9a-f]{64}$/)
    assert.equal(hashAuditEntry(GENESIS_HASH, { ...c }), h, 'deterministic')
    assert.notEqual(hashAuditEntry('1'.repeat(64), c), h)
    assert.notEqual(hashAuditEntry(GENESIS_HASH, { ...c, action: 'user.disabled' }), h)
  })

  it('does not depend on the key order of detail', () => {
    const one = content(1, { detail: { before: { status: 'active' }, after: { status: 'disabled' } } })
    const two = content(1, { detail: { after: { status: 'disabled' }, before: { status: 'active' } } })
    assert.equal(hashAuditEntry(GENESIS_HASH, one), hashAuditEntry(GENESIS_HASH, two))
  })
})

describe('verifyChainSegment', () => {
  const entries = chain([content(1), content(2), content(3), content(4)])

  it('accepts an intact chain and returns its last hash', () => {
    assert.deepEqual(verifyChainSegment(GENESIS_HASH, entries), { ok: true, lastHash: entries[3]!.hash })
  })

  it('accepts an empty segment, handing back the hash it started from', () => {
    assert.deepEqual(verifyChainSegment('abc', []), { ok: true, lastHash: 'abc' })
  })

  it('verifies a chain split into segments', () => {
    const first = verifyChainSegment(GENESIS_HASH, entries.slice(0, 2))
    assert.ok(first.ok)
    assert.deepEqual(verifyChainSegment(first.lastHash, entries.slice(2)), { ok: true, lastHash: entries[3]!.hash })
  })

  it('detects edited content and names the entry', () => {
    const edited = entries.map((e) => (e.seq === 3 ? { ...e, detail: { after: { roles: ['administrator'] } } } : e))
    assert.deepEqual(verifyChainSegment(GENESIS_HASH, edited), {
      ok: false,
      break: { seq: 3, id: entries[2]!.id, problem: 'hash does not match content' },
    })
  })

  it('detects a wrong previous hash', () => {
    const wrong = entries.map((e) => (e.seq === 2 ? { ...e, prevHash: 'f'.repeat(64) } : e))
    const result = verifyChainSegment(GENESIS_HASH, wrong)
    assert.deepEqual(result, {
      ok: false,
      break: { seq: 2, id: entries[1]!.id, problem: 'previous hash does not match' },
    })
  })

  it('detects a segment started from the wrong hash', () => {
    const result = verifyChainSegment('e'.repeat(64), entries)
    assert.equal(result.ok, false)
    assert.equal(!result.ok && result.break.seq, 1)
  })

  it('detects a removed entry', () => {
    const removed = entries.filter((e) => e.seq !== 2)
    const result = verifyChainSegment(GENESIS_HASH, removed)
    assert.deepEqual(result, {
      ok: false,
      break: { seq: 3, id: entries[2]!.id, problem: 'previous hash does not match' },
    })
  })

  it('detects a removed last entry only against the expected end hash (truncation needs an anchor)', () => {
    const truncated = verifyChainSegment(GENESIS_HASH, entries.slice(0, 3))
    assert.ok(truncated.ok)
    assert.notEqual(truncated.lastHash, entries[3]!.hash)
  })

  it('detects reordering', () => {
    const swapped = [entries[0]!, entries[2]!, entries[1]!, entries[3]!]
    const result = verifyChainSegment(GENESIS_HASH, swapped)
    assert.equal(result.ok, false)
    assert.equal(!result.ok && result.break.seq, 3)
  })

  it('detects an entry whose content and hash were both rewritten (the next entry no longer links)', () => {
    const forged = { ...entries[1]!, action: 'user.enabled' }
    forged.hash = hashAuditEntry(forged.prevHash, forged)
    const result = verifyChainSegment(GENESIS_HASH, [entries[0]!, forged, entries[2]!, entries[3]!])
    assert.deepEqual(result, {
      ok: false,
      break: { seq: 3, id: entries[2]!.id, problem: 'previous hash does not match' },
    })
  })
})

describe('verifyChainSegment (property)', () => {
  const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n })
  const arbContent: fc.Arbitrary<AuditEntryContent> = fc.record({
    id: fc.uuid(),
    occurredAt: fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    }),
    actorUserId: fc.option(fc.uuid(), { nil: null }),
    action: fc.string({ minLength: 1, maxLength: 20 }),
    entityType: fc.string({ minLength: 1, maxLength: 10 }),
    entityId: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
    caseId: fc.option(fc.uuid(), { nil: null }),
    requestId: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
    detail: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
  })

  /** A different value for one field of a stored entry. */
  const FIELDS = [
    'id',
    'occurredAt',
    'actorUserId',
    'action',
    'entityType',
    'entityId',
    'caseId',
    'requestId',
    'detail',
    'prevHash',
    'hash',
  ] as const
  type Field = (typeof FIELDS)[number]

  function mutate(entry: SealedAuditEntry, field: Field, salt: string, hexValue: string): SealedAuditEntry {
    const changed = { ...entry }
    switch (field) {
      case 'occurredAt':
        changed.occurredAt = new Date(entry.occurredAt.getTime() + 1)
        break
      case 'detail':
        changed.detail = { ...entry.detail, [`tampered${salt}`]: true }
        break
      case 'prevHash':
      case 'hash':
        changed[field] = hexValue === entry[field] ? hexValue.replace(/^./, (c) => (c === '0' ? '1' : '0')) : hexValue
        break
      default: {
        const old = entry[field]
        changed[field] = old === null ? salt : `${old}${salt}`
      }
    }
    return changed
  }

  it('an intact random chain verifies', () => {
    fc.assert(
      fc.property(fc.array(arbContent, { minLength: 1, maxLength: 8 }), (contents) => {
        const entries = chain(contents)
        assert.deepEqual(verifyChainSegment(GENESIS_HASH, entries), {
          ok: true,
          lastHash: entries[entries.length - 1]!.hash,
        })
      }),
    )
  })

  it('changing any field of any entry is detected', () => {
    fc.assert(
      fc.property(
        fc.array(arbContent, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.string({ minLength: 1, maxLength: 4 }),
        hex(64),
        (contents, at, field, salt, hexValue) => {
          const entries = chain(contents)
          const index = at % entries.length
          const tampered = entries.map((e, i) => (i === index ? mutate(e, field, salt, hexValue) : e))
          const result = verifyChainSegment(GENESIS_HASH, tampered)
          assert.equal(result.ok, false, `changing ${field} of entry ${index + 1} went unnoticed`)
          // The break is reported at the tampered entry itself.
          if (!result.ok) assert.equal(result.break.seq, index + 1)
        },
      ),
    )
  })
})

describe('the hash, against a body written out', () => {
  it('is SHA-256 of the previous hash, a newline and the canonical JSON of every field', () => {
    const entry: AuditEntryContent = {
      id: 'e1',
      occurredAt: new Date('2026-11-30T10:11:12.013Z'),
      actorUserId: null,
      action: 'case.viewed',
      entityType: 'investigation',
      entityId: 'i1',
      caseId: 'c1',
      requestId: null,
      detail: { z: [2, 1], a: { y: true, b: 'x' } },
    }
    const body =
      '{"action":"case.viewed","actorUserId":null,"caseId":"c1","detail":{"a":{"b":"x","y":true},"z":[2,1]},' +
      '"entityId":"i1","entityType":"investigation","id":"e1","occurredAt":"2026-11-30T10:11:12.013Z","requestId":null}'
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${body}`).digest('hex')
    assert.equal(hashAuditEntry(GENESIS_HASH, entry), expected)
    assert.equal(GENESIS_HASH, '0000000000000000000000000000000000000000000000000000000000000000')
  })

  it('writes every kind of value canonically', () => {
    const table: [unknown, string][] = [
      [null, 'null'],
      [undefined, 'null'],
      [0, '0'],
      ['a"b', '"a\\"b"'],
      [false, 'false'],
      [[], '[]'],
      [{}, '{}'],
      [[undefined, null], '[null,null]'],
      [{ b: 1, a: 2, B: 3, aa: 4 }, '{"B":3,"a":2,"aa":4,"b":1}'],
      [{ 'k"': [{ d: new Date('2026-01-01T00:00:00Z') }] }, '{"k\\"":[{"d":"2026-01-01T00:00:00.000Z"}]}'],
    ]
    for (const [value, json] of table) assert.equal(canonicalJson(value), json, json)
  })

  it('names the break it finds, with the entry’s number and id', () => {
    const sealed = chain([content(1), content(2)])
    assert.deepEqual(verifyChainSegment('1'.repeat(64), sealed), {
      ok: false,
      break: { seq: 1, id: sealed[0]!.id, problem: 'previous hash does not match' },
    })
    const edited = sealed.map((e, i) => (i === 1 ? { ...e, action: 'user.deleted' } : e))
    assert.deepEqual(verifyChainSegment(GENESIS_HASH, edited), {
      ok: false,
      break: { seq: 2, id: sealed[1]!.id, problem: 'hash does not match content' },
    })
    assert.deepEqual(verifyChainSegment(GENESIS_HASH, sealed), { ok: true, lastHash: sealed[1]!.hash })
  })
})
