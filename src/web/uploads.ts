/**
 * Document uploads (multipart/form-data) and downloads, shared by the evidence pages and the
 * API. @fastify/multipart is registered only inside the plugins that take uploads, with limits:
 * one file of at most 50 MB, a few small fields.
 */
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { MAX_DOCUMENT_BYTES, safeFilename, type UploadedFile } from '../services/evidence.js'
import { ValidationFailed } from '../services/errors.js'

export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 21, headerPairs: 200 },
    throwFileSizeLimit: true,
  })
}

export interface Upload {
  fields: Record<string, string>
  file: UploadedFile | null
}

const LIMIT_CODES: Record<string, string> = {
  FST_REQ_FILE_TOO_LARGE: 'The selected file must be smaller than 50 MB',
  FST_FILES_LIMIT: 'Select one file',
  FST_FIELDS_LIMIT: 'The form has too many fields',
  FST_PARTS_LIMIT: 'The form has too many parts',
}

/**
 * Reads every part: the fields (in any order) and the one file. A file over the limit, or more
 * than one file, is a ValidationFailed on `file` (with the fields read so far, to re-fill a form).
 */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  // The CSRF check has read the form already (its token travels in the body, never the address).
  const parsed = (request as ParsedRequest).parsedUpload
  if (parsed) {
    if (parsed.error) throw parsed.error
    return parsed.upload!
  }
  return parseUpload(request)
}

type ParsedRequest = FastifyRequest & { parsedUpload?: { upload?: Upload; error?: unknown } }

/**
 * For the CSRF check: reads a multipart form before the route runs, keeping what it read (or the
 * refusal) for readUpload. Returns the form's fields, or null when the request is not multipart.
 */
export async function readUploadForCsrf(request: FastifyRequest): Promise<Record<string, string> | null> {
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) return null
  try {
    const upload = await parseUpload(request)
    ;(request as ParsedRequest).parsedUpload = { upload }
    return upload.fields
  } catch (error) {
    ;(request as ParsedRequest).parsedUpload = { error }
    return error instanceof UploadRejected ? error.fields : {}
  }
}

async function parseUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart())
    throw new ValidationFailed([{ path: 'file', message: 'Send the document as multipart/form-data with a file part' }])
  const fields: Record<string, string> = {}
  let file: UploadedFile | null = null
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer()
        if (part.filename || bytes.byteLength > 0) file = { bytes, filename: part.filename, mediaType: part.mimetype }
      } else if (typeof part.value === 'string' && !(part.fieldname in fields)) {
        fields[part.fieldname] = part.value
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? ''
    const message = LIMIT_CODES[code]
    if (message) throw new UploadRejected(message, fields)
    throw error
  }
  return { fields, file }
}

export class UploadRejected extends ValidationFailed {
  constructor(
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super([{ path: 'file', message }])
  }
}

/** Types a browser could run or render as a page are never sent as themselves. */
const ACTIVE_TYPES = /(html|xml|svg|javascript|ecmascript|x-sh|wasm)/

/**
 * Sends a document's bytes as an attachment: a safe file name (ASCII fallback plus RFC 5987
 * UTF-8), nosniff, a sandboxing CSP, no caching, and the SHA-256 as Repr-Digest.
 */
export function sendDocument(
  reply: FastifyReply,
  document: { original_filename: string; media_type: string; sha256: string },
  bytes: Buffer,
): FastifyReply {
  const name = safeFilename(document.original_filename)
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"%;]/g, '_')
  const type = ACTIVE_TYPES.test(document.media_type) ? 'application/octet-stream' : document.media_type
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'no-store')
    .header('repr-digest', `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`)
    .send(bytes)
}
