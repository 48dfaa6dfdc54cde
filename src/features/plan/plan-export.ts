/*
 * The action plan as a table, in Leicestershire's columns (Action · Links to OCW framework ·
 * Outcomes · Timescale · Lead officer · Resources) followed by the rest the service keeps, last
 * the titles of the training courses each action commissions (the import ignores that column).
 * Written through src/lib/spreadsheet.ts, so formula-like text is neutralised.
 */
import type { Sheet } from '../../lib/spreadsheet.ts';
import type { ActionView } from './actions-service.ts';
import { STAGE_NAMES, THEME_NAMES } from './plan-input.ts';
import { RAG_LABELS } from './rag.ts';

export const EXPORT_HEADER = [
  'Reference',
  'Priority',
  'Action',
  'Links to OCW Framework',
  'Stages',
  'Outcomes',
  'Success criteria',
  'Start date',
  'Due date',
  'Lead officer',
  'Lead organisation',
  'Resources (£)',
  'Funding stream',
  'Progress (%)',
  'Last update',
  'RAG',
  'Stale',
  'RAG override reason',
  'Courses',
];

export function actionPlanSheet(actions: ActionView[]): Sheet {
  return {
    name: 'Action plan',
    header: EXPORT_HEADER,
    rows: actions.map((a) => [
      a.id,
      a.priorityTitle ?? '',
      a.title,
      a.themes.map((t) => THEME_NAMES[String(t)]).join('; '),
      a.stages.map((s) => STAGE_NAMES[String(s)]).join('; '),
      a.outcomes,
      a.successCriteria,
      a.startDate,
      a.dueDate,
      a.leadName,
      a.leadOrganisation,
      a.costPence === null ? '' : a.costPence / 100,
      a.fundingStream,
      a.progress,
      a.lastUpdateOn ?? '',
      RAG_LABELS[a.status.rag],
      a.status.stale ? 'Stale' : '',
      a.ragOverrideReason ?? '',
      a.courses.map((c) => c.title).join('; '),
    ]),
  };
}
