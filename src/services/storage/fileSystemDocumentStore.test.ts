import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileSystemDocumentStore } from './fileSystemDocumentStore.js'

describe('fileSystemDocumentStore', () => {
  let root: string
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'candour-store-'))
  })
  after(() => rm(root, { recursive: true, force: true }))

  it('stores bytes under their SHA-256 in ab/cd/<sha256> and reads them back', async () => {
    const store = fileSystemDocumentStore(root)
    const bytes = Buffer.from('%PDF-1.3 a notice')
    const expected = createHash('sha256').update(bytes).digest('hex')
    const stored = await store.put(bytes)
    assert.deepEqual(stored, { sha256: expected, size: bytes.length })
    assert.equal(store.pathOf(expected), path.join(root, expected.slice(0, 2), expected.slice(2, 4), expected))
    assert.ok((await stat(store.pathOf(expected))).isFile())
    assert.deepEqual(await store.get(expected), bytes)
  })

  it('stores the same content once and leaves no temporary files', async () => {
    const store = fileSystemDocumentStore(root)
    const bytes = new Uint8Array([1, 2, 3, 4])
    const results = await Promise.all([store.put(bytes), store.put(bytes), store.put(Buffer.from(bytes))])
    assert.equal(new Set(results.map((r) => r.sha256)).size, 1)
    const sha = results[0]!.sha256
    assert.deepEqual(await readdir(path.dirname(store.pathOf(sha))), [sha])
    assert.deepEqual(
      (await readdir(root)).filter((n) => n.startsWith('.tmp-')),
      [],
    )
  })

  it('stores empty content', async () => {
    const store = fileSystemDocumentStore(root)
    const stored = await store.put(new Uint8Array())
    assert.equal(stored.size, 0)
    assert.equal(stored.sha256, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    assert.equal((await store.get(stored.sha256))?.length, 0)
  })

  it('answers null for unknown hashes and for names that are not a SHA-256', async () => {
    const store = fileSystemDocumentStore(root)
    assert.equal(await store.get('0'.repeat(64)), null)
    assert.equal(await store.get('../../etc/passwd'), null)
    assert.equal(await store.get('A'.repeat(64)), null)
  })

  it('creates its root when it does not exist yet', async () => {
    const store = fileSystemDocumentStore(path.join(root, 'nested', 'documents'))
    const stored = await store.put(Buffer.from('hello'))
    assert.equal((await store.get(stored.sha256))?.toString(), 'hello')
  })
})
