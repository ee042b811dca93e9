import type { Knex } from 'knex';
import * as m0001 from './0001_projection_checkpoints.js';
import * as m0002 from './0002_pii_subject_keys.js';
import * as m0003 from './0003_read_models.js';
import * as m0004 from './0004_match_state.js';
import * as m0005 from './0005_quality_state.js';
import * as m0006 from './0006_rca_state.js';
import * as m0007 from './0007_data_source_events.js';
import * as m0008 from './0008_replay_jobs.js';
import * as m0009 from './0009_quality_windows.js';
import * as m0015 from './0015_pii_api_and_retention.js';
import * as m0012 from './0012_replay_job_tenants.js';

/**
 * Every migration, in order. Listed statically (not discovered from the file system) so they work the
 * same from TypeScript sources, from the compiled dist/ and inside a bundle. Append; never reorder or edit
 * a migration that has shipped.
 */
export const MIGRATIONS: readonly { name: string; module: Knex.Migration }[] = [
  { name: '0001_projection_checkpoints', module: m0001 },
  { name: '0002_pii_subject_keys', module: m0002 },
  { name: '0003_read_models', module: m0003 },
  { name: '0004_match_state', module: m0004 },
  { name: '0005_quality_state', module: m0005 },
  { name: '0006_rca_state', module: m0006 },
  { name: '0007_data_source_events', module: m0007 },
  { name: '0008_replay_jobs', module: m0008 },
  { name: '0009_quality_windows', module: m0009 },
  { name: '0015_pii_api_and_retention', module: m0015 },
  { name: '0012_replay_job_tenants', module: m0012 },
];
