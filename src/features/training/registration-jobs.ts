import type { Config } from '../../config.ts';
import type { ScheduledJob } from '../messaging/scheduler.ts';
import { eraseInactivePractitioners } from './erasure-service.ts';
import { purgeRegistrationRequests } from './registration-service.ts';

/** Training's daily housekeeping: forget registration requests, erase long-inactive practitioners. */
export function registrationJobs(config: Pick<Config, 'trainingEraseAfterYears'>): ScheduledJob[] {
  return [
    { name: 'purge-training-registrations', pattern: '25 3 * * *', run: (db) => purgeRegistrationRequests(db) },
    {
      name: 'erase-inactive-practitioners',
      pattern: '30 3 * * *',
      run: (db) => eraseInactivePractitioners(db, { years: config.trainingEraseAfterYears }),
    },
  ];
}
