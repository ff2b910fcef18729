import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Audit entries are sealed into the hash chain after they commit, not while they are written
 * (ADR 0005). A request inserts its entry with no hash, taking no lock; the sealer later gives
 * each entry its place in the chain (chain_position), the previous entry's hash and its own.
 *
 * Entries written before this migration were chained in sequence order as they were written, so
 * their chain position is their sequence number and they verify exactly as before.
 *
 * The append-only trigger now allows one change and one only: sealing an unsealed entry, which
 * sets the three chain columns and leaves every other column exactly as it was.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table audit_log add column chain_position bigint`,
    `alter table audit_log alter column prev_hash drop not null`,
    `alter table audit_log alter column hash drop not null`,
    // The existing entries are already chained in sequence order. Setting their position is the
    // one time the migration itself needs past the trigger.
    `alter table audit_log disable trigger audit_log_append_only`,
    `update audit_log set chain_position = seq`,
    `alter table audit_log enable trigger audit_log_append_only`,
    `alter table audit_log add constraint audit_log_sealed_whole
       check ((hash is null) = (prev_hash is null) and (hash is null) = (chain_position is null))`,
    `create unique index audit_log_chain_position_idx on audit_log (chain_position)`,
    // The sealer's queue: small, since entries stay unsealed for about a second.
    `create index audit_log_unsealed_idx on audit_log (seq) where hash is null`,
    `
      create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE'
           and old.hash is null and old.prev_hash is null and old.chain_position is null
           and new.hash is not null and new.prev_hash is not null and new.chain_position is not null
           and (new.seq, new.id, new.occurred_at, new.actor_user_id, new.action, new.entity_type,
                new.entity_id, new.case_id, new.request_id, new.detail)
               is not distinct from
               (old.seq, old.id, old.occurred_at, old.actor_user_id, old.action, old.entity_type,
                old.entity_id, old.case_id, old.request_id, old.detail)
        then
          return new;
        end if;
        raise exception 'audit_log is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
      end;
      $$
    `,
  ])
}
