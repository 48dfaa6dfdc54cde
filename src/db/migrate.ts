import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import type { MigrationContext } from './migrations/helpers.ts';
import * as foundation from './migrations/0001-foundation.ts';
import * as assessment from './migrations/0002-assessment.ts';
import * as workforce from './migrations/0003-workforce.ts';
import * as assessmentResults from './migrations/0004-assessment-results.ts';
import * as workforceProfile from './migrations/0005-workforce-profile.ts';
import * as assessmentAggregate from './migrations/0006-assessment-aggregate.ts';
import * as workforceProfileIndexes from './migrations/0007-workforce-profile-indexes.ts';
import * as assessmentAutovacuum from './migrations/0008-assessment-autovacuum.ts';
import * as workforceProfileCells from './migrations/0009-workforce-profile-cells.ts';
import * as workerRecordsByReturn from './migrations/0010-worker-records-by-return.ts';
import * as signInLocks from './migrations/0011-sign-in-locks.ts';
import * as messaging from './migrations/0012-messaging.ts';
import * as organisationFullTimeHours from './migrations/0013-organisation-full-time-hours.ts';
import * as uploadLimits from './migrations/0014-upload-limits.ts';
import * as disclosureKeys from './migrations/0015-disclosure-keys.ts';
import * as returnParts from './migrations/0016-return-parts.ts';
import * as mailJourneys from './migrations/0017-mail-journeys.ts';
import * as training from './migrations/0018-training.ts';
import * as plan from './migrations/0019-plan.ts';
import * as glossary from './migrations/0020-glossary.ts';
import * as governance from './migrations/0021-governance.ts';
import * as partnershipSlugs from './migrations/0022-partnership-slugs.ts';
import * as trainingCompliance from './migrations/0023-training-compliance.ts';
import * as trainingEvaluationCharges from './migrations/0024-training-evaluation-charges.ts';
import * as trainingRegistration from './migrations/0025-training-registration.ts';
import * as boardPacks from './migrations/0026-board-packs.ts';
import * as publication from './migrations/0027-publication.ts';
import * as strategies from './migrations/0028-strategies.ts';
import * as planActionCourses from './migrations/0029-plan-action-courses.ts';
import * as strategyAppendices from './migrations/0031-strategy-appendices.ts';

interface MigrationModule {
  up(context: MigrationContext): Promise<void>;
}

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
const MIGRATIONS: Record<string, MigrationModule> = {
  '0001-foundation': foundation,
  '0002-assessment': assessment,
  '0003-workforce': workforce,
  '0004-assessment-results': assessmentResults,
  '0005-workforce-profile': workforceProfile,
  '0006-assessment-aggregate': assessmentAggregate,
  '0007-workforce-profile-indexes': workforceProfileIndexes,
  '0008-assessment-autovacuum': assessmentAutovacuum,
  '0009-workforce-profile-cells': workforceProfileCells,
  '0010-worker-records-by-return': workerRecordsByReturn,
  '0011-sign-in-locks': signInLocks,
  '0012-messaging': messaging,
  '0013-organisation-full-time-hours': organisationFullTimeHours,
  '0014-upload-limits': uploadLimits,
  '0015-disclosure-keys': disclosureKeys,
  '0016-return-parts': returnParts,
  '0017-mail-journeys': mailJourneys,
  '0018-training': training,
  '0019-plan': plan,
  '0020-glossary': glossary,
  '0021-governance': governance,
  '0022-partnership-slugs': partnershipSlugs,
  '0023-training-compliance': trainingCompliance,
  '0024-training-evaluation-charges': trainingEvaluationCharges,
  '0025-training-registration': trainingRegistration,
  '0026-board-packs': boardPacks,
  '0027-publication': publication,
  '0028-strategies': strategies,
  '0029-plan-action-courses': planActionCourses,
  '0031-strategy-appendices': strategyAppendices,
};

function provider(db: Db): MigrationProvider {
  return {
    async getMigrations() {
      const migrations: Record<string, Migration> = {};
      for (const [name, module] of Object.entries(MIGRATIONS)) {
        migrations[name] = { up: (kysely) => module.up({ db: kysely, engine: db.engine }) };
      }
      return migrations;
    },
  };
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: provider(db), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
