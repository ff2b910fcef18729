import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/** Organisations, users, server-side sessions and the tamper-evident audit trail. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `
      create table organisations (
      id uuid primary key,
      name text not null,
      kind text not null check (kind in ('oversight_body', 'police_force')),
      code text not null unique,
      created_at timestamptz not null default now()
      )
    `,
    `
      create table users (
      id uuid primary key,
      email text not null check (length(email) <= 320),
      display_name text not null check (length(display_name) <= 200),
      password_hash text,
      roles text[] not null default '{}',
      organisation_id uuid not null references organisations (id),
      status text not null default 'active' check (status in ('active', 'disabled')),
      totp_secret text,
      totp_enabled_at timestamptz,
      totp_last_time_step bigint,
      failed_sign_in_count integer not null default 0,
      locked_until timestamptz,
      last_signed_in_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
      )
    `,
    `
      create unique index users_email_key on users (lower(email))
    `,
    `
      create index users_organisation_idx on users (organisation_id)
    `,
    `
      create index users_roles_idx on users using gin (roles)
    `,
    `
      create table sessions (
      id_hash text primary key,
      user_id uuid not null references users (id),
      stage text not null check (stage in ('authenticated', 'second_factor_required', 'second_factor_setup_required')),
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null
      )
    `,
    `
      create index sessions_user_idx on sessions (user_id)
    `,
    `
      create index sessions_expires_idx on sessions (expires_at)
    `,
    `
      create table audit_log (
      seq bigint generated always as identity primary key,
      id uuid not null unique,
      occurred_at timestamptz not null,
      actor_user_id uuid,
      action text not null,
      entity_type text not null,
      entity_id text,
      case_id uuid,
      request_id text,
      detail jsonb not null default '{}',
      prev_hash text not null,
      hash text not null
      )
    `,
    `
      create index audit_log_case_idx on audit_log (case_id, seq) where case_id is not null
    `,
    `
      create index audit_log_entity_idx on audit_log (entity_type, entity_id, seq)
    `,
    `
      create index audit_log_actor_idx on audit_log (actor_user_id, seq)
    `,
    `
      -- The audit trail is append-only: the database itself refuses to change or remove an entry,
      -- whatever the application does.
      create function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin
      raise exception 'audit_log is append-only: % is not allowed', tg_op
      using errcode = 'insufficient_privilege';
      end;
      $$
    `,
    `
      create trigger audit_log_append_only
      before update or delete on audit_log
      for each row execute function audit_log_refuse_change()
    `,
    `
      create trigger audit_log_no_truncate
      before truncate on audit_log
      for each statement execute function audit_log_refuse_change()
    `,
  ])
}
