/**
 * The ordered, forward-only list of migrations. A migration once released is never edited;
 * changes come as a new entry at the end.
 */
import type { Migration } from 'kysely/migration'
import * as m0001 from './0001_foundation.js'
import * as m0002 from './0002_investigations.js'
import * as m0003 from './0003_subjects.js'
import * as m0005 from './0005_families.js'
import * as m0006 from './0006_performance.js'
import * as m0009 from './0009_reports.js'
import * as m0010 from './0010_outcomes.js'
import * as m0011 from './0011_publication.js'
import * as m0012 from './0012_more.js'
import * as m0013 from './0013_audit_sealing.js'
import * as m0014 from './0014_overview_indexes.js'
import * as m0015 from './0015_organisation_reference_data.js'
import * as m0020 from './0020_history.js'
import * as m0035 from './0035_authority_reports_index.js'
import * as m0036 from './0036_webhooks.js'
import * as m0025 from './0025_actions.js'
import * as m0026 from './0026_decision_log.js'
import * as m0056 from './0056_history_bulk_integrity.js'
import * as m0052 from './0052_officer_record.js'
import * as m0058 from './0058_disclosure_item_changes.js'
import * as m0046 from './0046_witnesses_and_statements.js'
import * as m0047 from './0047_disclosure_schedules.js'
import * as m0049 from './0049_session_confirmation.js'
import * as m0050 from './0050_performance_and_reflective_practice.js'
import * as m0043 from './0043_publication_hold_dates.js'
import * as m0057 from './0057_attempt_throttles.js'
import * as m0061 from './0061_import_jobs.js'
import * as m0062 from './0062_historical_case_search.js'
import * as m0063 from './0063_historical_officer_search.js'

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_investigations': m0002,
  '0003_subjects': m0003,
  '0005_families': m0005,
  '0006_performance': m0006,
  '0009_reports': m0009,
  '0010_outcomes': m0010,
  '0011_publication': m0011,
  '0012_more': m0012,
  '0013_audit_sealing': m0013,
  '0014_overview_indexes': m0014,
  '0015_organisation_reference_data': m0015,
  '0020_history': m0020,
  '0035_authority_reports_index': m0035,
  '0036_webhooks': m0036,
  '0025_actions': m0025,
  '0026_decision_log': m0026,
  '0056_history_bulk_integrity': m0056,
  '0052_officer_record': m0052,
  '0058_disclosure_item_changes': m0058,
  '0046_witnesses_and_statements': m0046,
  '0047_disclosure_schedules': m0047,
  '0049_session_confirmation': m0049,
  '0050_performance_and_reflective_practice': m0050,
  '0043_publication_hold_dates': m0043,
  '0057_attempt_throttles': m0057,
  '0061_import_jobs': m0061,
  '0062_historical_case_search': m0062,
  '0063_historical_officer_search': m0063,
}
