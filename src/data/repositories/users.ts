import { sql } from 'kysely'
import type { Executor } from '../database.js'
import type { NewUserRow, UserRow } from '../schema.js'

export async function findByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst()
}

export async function findById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Locks the row for the rest of the transaction: sign-in counters must not race. */
export async function findByIdForUpdate(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** True for the error raised when two accounts are inserted with the same e-mail address at once. */
export function isDuplicateEmail(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null
  return e?.code === '23505' && e.constraint === 'users_email_key'
}

export async function insert(db: Executor, user: NewUserRow): Promise<UserRow> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow()
}

export interface UserListFilter {
  afterEmail?: string
  limit: number
}

/** Users ordered by e-mail, keyset-paginated. */
export async function list(db: Executor, filter: UserListFilter): Promise<UserRow[]> {
  let q = db.selectFrom('users').selectAll()
  if (filter.afterEmail) q = q.where(sql<string>`lower(email)`, '>', filter.afterEmail.toLowerCase())
  return q
    .orderBy(sql`lower(email)`)
    .limit(filter.limit)
    .execute()
}

export type UserChanges = Partial<
  Pick<
    UserRow,
    | 'display_name'
    | 'password_hash'
    | 'roles'
    | 'status'
    | 'totp_secret'
    | 'totp_enabled_at'
    | 'totp_last_time_step'
    | 'failed_sign_in_count'
    | 'locked_until'
    | 'last_signed_in_at'
  >
>

/**
 * What signing in writes on its own account. These are not edits to the account, so they leave
 * its version alone: otherwise every sign-in (or a stranger's failed guesses) would make an
 * administrator's open form stale, and disabling an account under attack would keep conflicting.
 */
const SIGN_IN_BOOKKEEPING: ReadonlySet<keyof UserChanges> = new Set([
  'failed_sign_in_count',
  'locked_until',
  'last_signed_in_at',
  'totp_last_time_step',
])

/**
 * Updates a user, bumping the version (unless only sign-in bookkeeping changes). With
 * expectedVersion, the update only applies if no one else has changed the row since it was read;
 * the caller learns that from a null result.
 */
export async function update(
  db: Executor,
  id: string,
  changes: UserChanges,
  expectedVersion?: number,
): Promise<UserRow | undefined> {
  const isEdit = (Object.keys(changes) as (keyof UserChanges)[]).some((k) => !SIGN_IN_BOOKKEEPING.has(k))
  let q = db
    .updateTable('users')
    .set({ ...changes, updated_at: new Date(), ...(isEdit ? { version: sql<number>`version + 1` } : {}) })
    .where('id', '=', id)
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion)
  return q.returningAll().executeTakeFirst()
}

export async function countAll(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Display names for a set of user ids (for showing who did what). */
export async function displayNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map()
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute()
  return new Map(rows.map((r) => [r.id, r.display_name]))
}

/** Active users holding any of the roles, by name: for choosing a team. */
export async function activeWithRoles(db: Executor, roles: readonly string[], limit = 500) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'email', 'roles'])
    .where('status', '=', 'active')
    .where(sql<boolean>`roles && ${sql.val([...roles])}::text[]`)
    .orderBy('display_name')
    .limit(limit)
    .execute()
}

/**
 * Serialises first-run set-up across processes and instances for the rest of the transaction, so
 * two `candour setup` runs at once cannot both find no administrator and both create one.
 */
export async function lockFirstRunSetup(db: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('candour.first-run-setup'))`.execute(db)
}

/** Any account holding the role, enabled or not, by e-mail: `candour setup` runs only when there is none. */
export async function firstWithRole(db: Executor, role: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'status'])
    .where(sql<boolean>`${role} = any(roles)`)
    .orderBy(sql`lower(email)`)
    .limit(1)
    .executeTakeFirst()
}
