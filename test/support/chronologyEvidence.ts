/** Fixtures for the chronology and evidence tests: subjects inserted directly (the subjects capability has its own tests). */
import { uuidv7 } from 'uuidv7'
import type { TestApp } from './app.js'
import { forceId } from './investigations.js'

let warrant = 0
export async function addSubject(
  t: TestApp,
  investigationId: string,
  name: { given: string; family: string } = { given: 'Sam', family: 'Officer' },
) {
  const officerId = uuidv7()
  await t.database.db
    .insertInto('officers')
    .values({
      id: officerId,
      force_id: await forceId(t.services),
      warrant_number: `W${Date.now()}${++warrant}`,
      kind: 'police_officer',
      given_name: name.given,
      family_name: name.family,
      rank: 'PC',
    })
    .execute()
  const id = uuidv7()
  await t.database.db
    .insertInto('subjects')
    .values({
      id,
      investigation_id: investigationId,
      officer_id: officerId,
      role_at_time: 'Response officer',
      rank_at_time: 'PC',
    })
    .execute()
  return id
}

/** A multipart/form-data body as a browser or client sends it, with an optional file part named "file". */
export function multipart(
  fields: Record<string, string>,
  file?: { name: string; type: string; content: string | Buffer },
) {
  const boundary = `----candour${Date.now()}`
  const chunks: Buffer[] = []
  for (const [k, v] of Object.entries(fields))
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\ncontent-type: ${file.type}\r\n\r\n`,
      ),
    )
    chunks.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
