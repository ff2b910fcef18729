/**
 * Typed table definitions for Kysely. One interface per table; column names are snake_case in SQL
 * and here, so a query reads the same in TypeScript as in psql.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/** A timestamptz: written as a Date, read back as a Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A timestamptz the database fills in by default. */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface OrganisationTable {
  id: string
  name: string
  kind: 'oversight_body' | 'police_force'
  code: string
  created_at: GeneratedTimestamp
}

export interface UserTable {
  id: string
  email: string
  display_name: string
  password_hash: string | null
  roles: string[]
  organisation_id: string
  status: 'active' | 'disabled'
  totp_secret: string | null
  totp_enabled_at: Timestamp | null
  /** The last TOTP time step accepted, so a code cannot be replayed. */
  totp_last_time_step: number | null
  failed_sign_in_count: Generated<number>
  locked_until: Timestamp | null
  last_signed_in_at: Timestamp | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface SessionTable {
  /** SHA-256 of the cookie value: a copy of the table does not yield usable cookies. */
  id_hash: string
  user_id: string
  stage: 'authenticated' | 'second_factor_required' | 'second_factor_setup_required'
  created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Timestamp
}

export interface AuditLogTable {
  seq: Generated<number>
  id: string
  occurred_at: Timestamp
  actor_user_id: string | null
  action: string
  entity_type: string
  entity_id: string | null
  case_id: string | null
  request_id: string | null
  detail: ColumnType<Record<string, unknown>, string, string>
  prev_hash: string
  hash: string
}

export interface Database {
  organisations: OrganisationTable
  users: UserTable
  sessions: SessionTable
  audit_log: AuditLogTable
}

export type UserRow = Selectable<UserTable>
export type NewUserRow = Insertable<UserTable>
export type UserUpdate = Updateable<UserTable>
export type OrganisationRow = Selectable<OrganisationTable>
export type SessionRow = Selectable<SessionTable>
export type AuditLogRow = Selectable<AuditLogTable>
