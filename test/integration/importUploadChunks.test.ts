/**
 * An upload for an import is kept in the database in chunks (ADR 0030) and goes in and out as
 * base64 text (ADR 0031: PGlite's own bytea parameters cost a string per byte). Whatever the bytes
 * — every byte value, NULs, invalid UTF-8, a chunk of one byte and one of a whole MB — they must
 * come back exactly, on both databases, or an import would read a file other than the one sent.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { uuidv7 } from 'uuidv7'
import type { DatabaseHandle } from '../../src/data/database.js'
import { withBulkSession } from '../../src/data/bulk.js'
import * as jobs from '../../src/data/repositories/importJobs.js'
import { DATABASE_KINDS, openTestDatabase } from '../support/database.js'

for (const kind of DATABASE_KINDS) {
  describe(`stored upload chunks (${kind})`, () => {
    let handle: DatabaseHandle
    before(async () => {
      handle = await openTestDatabase(kind)
    })
    after(() => handle.close())

    it('every chunk comes back byte for byte', async () => {
      const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
      const chunks = [
        every,
        Buffer.from([0]),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x0d, 0x5c, 0x27]),
        randomBytes(jobs.UPLOAD_CHUNK_BYTES),
        randomBytes(1000 * 3 + 1),
      ]
      const id = uuidv7()
      await withBulkSession(handle, async (s) => {
        await jobs.insertQueuedImport(s, { id, startedBy: null })
        await jobs.insertUpload(s, id, 1, 'cases.csv')
        for (const [seq, chunk] of chunks.entries()) {
          // A view into a larger buffer, as the upload's pending chunks are: only its own bytes go in.
          const padded = Buffer.concat([Buffer.from('xx'), chunk, Buffer.from('yy')])
          await jobs.insertUploadChunk(s, id, 1, seq, padded.subarray(2, 2 + chunk.length))
        }
      })
      for (const [seq, chunk] of chunks.entries()) {
        const back = await jobs.uploadChunk(handle.db, id, 1, seq)
        assert.ok(back, `chunk ${seq} is stored`)
        assert.equal(Buffer.compare(Buffer.from(back), chunk), 0, `chunk ${seq} (${chunk.length} bytes) is the same`)
      }
      assert.equal(await jobs.uploadChunk(handle.db, id, 1, chunks.length), undefined, 'no chunk after the last')
    })
  })
}
