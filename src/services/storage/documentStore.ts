/**
 * Where document bytes live: a content-addressed store. A document is put once and named by the
 * SHA-256 of its bytes, so the same content is stored once, a name can be checked against what
 * it names, and nothing is ever overwritten. The database holds the hash (and what the
 * document is); the store holds the bytes.
 */
export interface StoredDocument {
  /** Lower-case hex SHA-256 of the bytes: the document's name in the store. */
  sha256: string
  /** Size in bytes. */
  size: number
}

export interface DocumentStore {
  /** Stores the bytes (once: storing the same content again is a no-op) and names them. */
  put(bytes: Uint8Array): Promise<StoredDocument>
  /** The bytes stored under this hash, or null when there are none (or the name is not a SHA-256). */
  get(sha256: string): Promise<Buffer | null>
}

const SHA256 = /^[0-9a-f]{64}$/

/** True for a lower-case hex SHA-256, the only names a store knows. */
export function isSha256(value: string): boolean {
  return SHA256.test(value)
}
