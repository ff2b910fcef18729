/** Multipart bodies for imports of history through the API and the page. */

export type Part = { name: string; value: string } | { name: string; filename: string; content: string | Buffer }

/** multipart/form-data as a client sends it: fields and files in the order given. */
export function importForm(parts: Part[]) {
  const boundary = `----candourimport${Date.now()}`
  const chunks: Buffer[] = []
  for (const p of parts) {
    if ('value' in p) {
      chunks.push(
        Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`),
      )
      continue
    }
    chunks.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\ncontent-type: text/csv\r\n\r\n`,
      ),
    )
    chunks.push(Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
