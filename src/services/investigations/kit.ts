/**
 * What the investigation sub-journeys share: case access and checking a chosen user holds a role.
 */
import type { Kysely } from 'kysely'
import * as users from '../../data/repositories/users.js'
import type { Database } from '../../data/schema.js'
import { caseAccess } from '../caseAccess.js'
import { ValidationFailed } from '../errors.js'

export function investigationKit(db: Kysely<Database>) {
  const access = caseAccess(db)

  async function requireUserWithRole(
    trx: Kysely<Database>,
    userId: string,
    roles: string[],
    path: string,
    label: string,
  ) {
    const user = await users.findById(trx, userId)
    if (!user || user.status !== 'active' || !user.roles.some((r) => roles.includes(r))) {
      throw new ValidationFailed([{ path, message: `Choose an active ${label}` }])
    }
    return user
  }

  return { db, access, requireUserWithRole }
}

export type InvestigationKit = ReturnType<typeof investigationKit>
