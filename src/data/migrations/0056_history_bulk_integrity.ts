import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * The historical records' references checked once per statement instead of once per row
 * (ADR 0025). A foreign key checks each inserted row with a query that also locks the referenced
 * row (a WAL record each): for a million-allegation import those checks were three quarters of
 * the time spent writing the allegations (measured: 31 s against 10 s for 200,000 rows). The
 * same rule — every reference names an existing row, and a referenced row cannot be deleted — is
 * enforced here by statement-level triggers that see the whole statement's rows at once
 * (transition tables) and check them with one anti-join each.
 *
 * Row locks were what kept a foreign key safe against a concurrent delete; here the historical
 * tables are written only by imports and their undoing, which take one advisory lock
 * (data/repositories/historicalImports.ts), so no delete can run between the check and the commit.
 * Live tables that refer to historical records keep ordinary foreign keys.
 */
export const HISTORY_REFERENCES: Record<string, [column: string, parent: string][]> = {
  historical_officers: [
    ['import_id', 'imports'],
    ['last_import_id', 'imports'],
    ['force_id', 'organisations'],
  ],
  historical_officer_aliases: [
    ['historical_officer_id', 'historical_officers'],
    ['import_id', 'imports'],
  ],
  historical_cases: [
    ['import_id', 'imports'],
    ['last_import_id', 'imports'],
    ['force_id', 'organisations'],
  ],
  historical_allegations: [
    ['import_id', 'imports'],
    ['last_import_id', 'imports'],
    ['historical_case_id', 'historical_cases'],
    ['historical_officer_id', 'historical_officers'],
  ],
}

/** Which children refer to each parent (for the checks when parents are deleted). */
function referrers(parent: string): [child: string, column: string][] {
  return Object.entries(HISTORY_REFERENCES).flatMap(([child, refs]) =>
    refs.filter(([, p]) => p === parent).map(([column]) => [child, column] as [string, string]),
  )
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements: string[] = [
    // TG_ARGV holds (column, parent) pairs; new_rows is the statement's inserted or updated rows.
    `create function history_check_references() returns trigger language plpgsql as $$
     declare
       i integer := 0;
       bad text;
     begin
       while i < TG_NARGS loop
         execute format(
           'select n.%1$I::text from new_rows n where n.%1$I is not null
              and not exists (select 1 from %2$I p where p.id = n.%1$I) limit 1',
           TG_ARGV[i], TG_ARGV[i + 1]) into bad;
         if bad is not null then
           raise exception using errcode = 'foreign_key_violation',
             message = format('%s.%s %s refers to no row of %s', TG_TABLE_NAME, TG_ARGV[i], bad, TG_ARGV[i + 1]);
         end if;
         i := i + 2;
       end loop;
       return null;
     end $$`,
    // TG_ARGV holds (child, column) pairs; old_rows is the statement's deleted rows.
    `create function history_check_referrers() returns trigger language plpgsql as $$
     declare
       i integer := 0;
       bad text;
     begin
       while i < TG_NARGS loop
         execute format(
           'select o.id::text from old_rows o where exists (select 1 from %1$I c where c.%2$I = o.id) limit 1',
           TG_ARGV[i], TG_ARGV[i + 1]) into bad;
         if bad is not null then
           raise exception using errcode = 'foreign_key_violation',
             message = format('%s %s is still referred to by %s.%s', TG_TABLE_NAME, bad, TG_ARGV[i], TG_ARGV[i + 1]);
         end if;
         i := i + 2;
       end loop;
       return null;
     end $$`,
    // A referenced id never changes (the checks above compare ids).
    `create function history_ids_never_change() returns trigger language plpgsql as $$
     begin
       if new.id is distinct from old.id then
         raise exception using errcode = 'foreign_key_violation', message = format('the id of a row of %s never changes', TG_TABLE_NAME);
       end if;
       return new;
     end $$`,
  ]
  for (const [child, refs] of Object.entries(HISTORY_REFERENCES)) {
    for (const [column] of refs) statements.push(`alter table ${child} drop constraint ${child}_${column}_fkey`)
    const args = refs.map(([column, parent]) => `'${column}', '${parent}'`).join(', ')
    for (const event of ['insert', 'update'])
      statements.push(
        `create trigger ${child}_references_on_${event} after ${event} on ${child}
         referencing new table as new_rows for each statement execute function history_check_references(${args})`,
      )
  }
  for (const parent of ['imports', 'organisations', 'historical_cases', 'historical_officers']) {
    const args = referrers(parent)
      .map(([child, column]) => `'${child}', '${column}'`)
      .join(', ')
    statements.push(
      `create trigger ${parent}_history_referrers_on_delete after delete on ${parent}
       referencing old table as old_rows for each statement execute function history_check_referrers(${args})`,
      `create trigger ${parent}_history_ids_never_change before update of id on ${parent}
       for each row execute function history_ids_never_change()`,
    )
  }
  // (Deleting an organisation, which no journey does, scans historical_officers: no index on
  // force_id is kept for it, as every import would pay to maintain one.)
  await runStatements(db, statements)
}
