/** The text of a PDF, page by page (pdfjs, as a reader would extract it), for tests that check what a PDF says. */
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs'

export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise
  const out: string[] = []
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i)
    const content = await page.getTextContent()
    out.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''))
  }
  await pdf.destroy()
  return out.join('\n')
}
