import type { VacancyRecordColumns, WorkerRecordColumns } from '../../../db/schema.ts';
import { VACANCY_FIELDS, WORKER_FIELDS } from '../standard/standard.ts';

/** The worker columns the standard defines, in its order (census_date is the return's). */
export const WORKER_COLUMNS = WORKER_FIELDS satisfies readonly (keyof WorkerRecordColumns)[];
export const VACANCY_COLUMNS = VACANCY_FIELDS satisfies readonly (keyof VacancyRecordColumns)[];
