import { BasePage } from './BasePage.js'

export interface UserRow {
  name: string
  email: string
  roles: string
  status: string
}

/** The administrators' list of users. */
export class AdminUsersPage extends BasePage {
  static readonly path = '/admin/users'

  async open(): Promise<this> {
    await this.page.goto(AdminUsersPage.path)
    return this
  }

  async rows(): Promise<UserRow[]> {
    const rows = this.page.locator('main table tbody tr')
    const out: UserRow[] = []
    for (const row of await rows.all()) {
      const cells = (await row.locator('td, th').allInnerTexts()).map((t) => t.trim())
      out.push({ name: cells[0] ?? '', email: cells[1] ?? '', roles: cells[2] ?? '', status: cells[3] ?? '' })
    }
    return out
  }

  async startAddingUser(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('button', { name: 'Add a user' }))
  }
}

export interface NewUserDetails {
  displayName: string
  email: string
  /** The organisation's name as shown in the list. */
  organisation: string
  /** Role labels as shown beside the checkboxes. */
  roles: string[]
}

export class AddUserPage extends BasePage {
  static readonly path = '/admin/users/new'

  async fill(details: Partial<NewUserDetails>): Promise<void> {
    if (details.displayName !== undefined) await this.page.getByLabel('Full name').fill(details.displayName)
    if (details.email !== undefined) await this.page.getByLabel('Email address').fill(details.email)
    if (details.organisation !== undefined)
      await this.page.getByLabel('Organisation').selectOption({ label: details.organisation })
    for (const role of details.roles ?? []) await this.page.getByLabel(role, { exact: true }).check()
  }

  async submit(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('button', { name: 'Add user' }))
  }
}

/** The confirmation after adding a user, with their one-time first password. */
export class UserAddedPage extends BasePage {
  async panelTitle(): Promise<string> {
    return (await this.page.locator('.govuk-panel__title').innerText()).trim()
  }

  async initialPassword(): Promise<string> {
    return (await this.page.getByTestId('initial-password').innerText()).trim()
  }
}
