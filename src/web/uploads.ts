/**
 * Document uploads (multipart/form-data) and downloads, shared by the evidence pages and the
 * API. @fastify/multipart is registered only inside the plugins that take uploads, with limits:
 * one file of at most 50 MB, a few small fields.
 */
import multipart, { type Multipart } from '@fastify/multipart'
import type { SubmittedPart } from '../services/import/importJobs.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { MAX_DOCUMENT_BYTES, safeFilename, type UploadedFile } from '../services/evidence.js'
import { ValidationFailed } from '../services/errors.js'

export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 21, headerPairs: 200 },
    throwFileSizeLimit: true,
  })
}

/**
 * The limits of an import's upload (streamed, never buffered): several files, each up to the
 * configured size plus one byte, so the import service sees, and names, a file too large.
 */
function importPartsOptions(maxFileBytes: number) {
  return {
    limits: { fileSize: maxFileBytes + 1, files: 12, fields: 10, fieldSize: 1 << 20, parts: 24, headerPairs: 200 },
    throwFileSizeLimit: false,
  }
}

/**
 * Makes multipart/form-data readable in this context if nothing has yet (the limits that matter
 * are given per request, by streamedParts). Returns whether it registered it.
 */
export async function ensureMultipart(app: FastifyInstance): Promise<void> {
  if (!app.hasContentTypeParser('multipart/form-data')) await registerUploads(app)
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

type ParsedRequest = FastifyRequest & {
  parsedUpload?: { upload?: Upload; error?: unknown }
  streamedParts?: { iterator: AsyncIterator<Multipart>; first: IteratorResult<Multipart> }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route streams its upload (an import's files, up to hundreds of MB) instead of buffering
     * it: the CSRF check reads only the form's first part, which must be the _csrf field.
     */
    streamedUpload?: { maxFileBytes: number }
  }
}

async function readFirstPartForCsrf(request: FastifyRequest, maxFileBytes: number): Promise<Record<string, string>> {
  const iterator = request.parts(importPartsOptions(maxFileBytes))[Symbol.asyncIterator]()
  const first = await iterator.next()
  ;(request as ParsedRequest).streamedParts = { iterator, first }
  const part = first.done ? undefined : first.value
  return part && part.type === 'field' && part.fieldname === '_csrf' ? { _csrf: String(part.value) } : {}
}

/** An upload's parts one at a time, each file a stream to be read before the next part comes. */
export async function* streamedParts(request: FastifyRequest, maxFileBytes: number): AsyncGenerator<SubmittedPart> {
  if (!request.isMultipart())
    throw new ValidationFailed([{ path: 'body', message: 'Send the files as multipart/form-data' }])
  const read = (request as ParsedRequest).streamedParts
  const iterator = read?.iterator ?? request.parts(importPartsOptions(maxFileBytes))[Symbol.asyncIterator]()
  let next = read?.first ?? (await iterator.next())
  while (!next.done) {
    const part = next.value
    if (part.type === 'file')
      yield { type: 'file', name: part.fieldname, filename: part.filename ?? '', stream: part.file }
    else yield { type: 'field', name: part.fieldname, value: String(part.value ?? '') }
    next = await iterator.next()
  }
}

/**
 * For the CSRF check: reads a multipart form before the route runs, keeping what it read (or the
 * refusal) for readUpload. Returns the form's fields, or null when the request is not multipart.
 */
export async function readUploadForCsrf(request: FastifyRequest): Promise<Record<string, string> | null> {
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) return null
  const streamed = request.routeOptions.config.streamedUpload
  if (streamed) return readFirstPartForCsrf(request, streamed.maxFileBytes)
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
