/**
 * The ordered, forward-only list of migrations. A migration once released is never edited;
 * changes come as a new entry at the end.
 */
import type { Migration } from 'kysely/migration'
import * as m0001 from './0001_foundation.js'

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
}
