/**
 * The document store on disk: `<root>/ab/cd/<sha256>`, where ab and cd are the hash's first two
 * pairs of hex digits (so no folder grows past 65,536 entries). Bytes are written to a temporary
 * file in the root and renamed into place, so a reader never sees half a document and two
 * writers of the same content cannot corrupt it (rename is atomic on one file system).
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isSha256, type DocumentStore, type StoredDocument } from './documentStore.js'

export function fileSystemDocumentStore(root: string): DocumentStore & { pathOf(sha256: string): string } {
  const pathOf = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256)

  async function exists(file: string): Promise<boolean> {
    try {
      return (await stat(file)).isFile()
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw error
    }
  }

  return {
    pathOf,

    async put(bytes: Uint8Array): Promise<StoredDocument> {
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      const stored = { sha256, size: bytes.byteLength }
      const target = pathOf(sha256)
      if (await exists(target)) return stored
      await mkdir(path.dirname(target), { recursive: true })
      const temporary = path.join(root, `.tmp-${process.pid}-${randomBytes(8).toString('hex')}`)
      try {
        await writeFile(temporary, bytes, { flag: 'wx', mode: 0o640 })
        await rename(temporary, target)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
      return stored
    },

    async get(sha256: string): Promise<Buffer | null> {
      if (!isSha256(sha256)) return null
      try {
        return await readFile(pathOf(sha256))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw error
      }
    },
  }
}
