/** The Evidence tab (the register), uploading a document and a document's page. */
import { CasePage } from './CasePage.js'

export interface RegisterRow {
  exhibit: string
  title: string
  file: string
  uploaded: string
  status: string
}

export class EvidencePage extends CasePage {
  async uploadDocument(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('button', { name: 'Upload a document' }))
  }

  async rows(): Promise<RegisterRow[]> {
    const rows = await this.page.getByTestId('evidence-register').locator('tbody tr').all()
    return Promise.all(
      rows.map(async (row) => {
        const [exhibit = '', title = '', file = '', uploaded = '', status = ''] = (
          await row.locator('td, th').allInnerTexts()
        ).map((t) => t.trim())
        return { exhibit, title, file, uploaded, status }
      }),
    )
  }
}

export interface NewDocument {
  exhibitReference: string
  title: string
  description?: string
  file: { name: string; mimeType: string; buffer: Buffer }
}

export class UploadDocumentPage extends CasePage {
  async upload(document: NewDocument): Promise<void> {
    await this.page.getByLabel('Exhibit reference').fill(document.exhibitReference)
    await this.page.getByLabel('Title', { exact: true }).fill(document.title)
    if (document.description !== undefined)
      await this.page.getByLabel('Description (optional)').fill(document.description)
    await this.page.getByLabel('File', { exact: true }).setInputFiles(document.file)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Upload document' }))
  }
}

export class DocumentPage extends CasePage {
  async detail(key: string): Promise<string> {
    const row = this.page
      .locator('.govuk-summary-list__row')
      .filter({ has: this.page.locator('.govuk-summary-list__key', { hasText: key }) })
      .first()
    return (await row.locator('.govuk-summary-list__value').innerText()).trim()
  }

  async backToRegister(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name: 'Back to the evidence register' }))
  }
}
