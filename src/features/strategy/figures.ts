/*
 * The current value of every figure token (tokens.ts), each taken from the one source that names
 * it elsewhere, so a strategy reads exactly as the profile, the results page and the plan do:
 * the workforce profile (already protected by src/lib/disclosure.ts, formatted by its own
 * formatCell), the latest closed self-assessment round's results, and the action plan.
 */
import { systemActor } from '../../auth/actor.ts';
import { formatDate } from '../../lib/dates.ts';
import type { AssessmentResultsService } from '../assessment/results-service.ts';
import { oneDecimal } from '../assessment/scoring.ts';
import type { ActionsService } from '../plan/actions-service.ts';
import type { PrioritiesService } from '../plan/priorities-service.ts';
import { RAG_LABELS, type Rag } from '../plan/rag.ts';
import type { ProfileService } from '../workforce/profile/profile-service.ts';
import { formatCell } from '../workforce/profile/profile-view.ts';
import { type Figures, NOT_AVAILABLE } from './tokens.ts';

export interface FigureSources {
  profile: ProfileService;
  results: AssessmentResultsService;
  actions: ActionsService;
  priorities: PrioritiesService;
}

const RAG_ORDER: Rag[] = ['red', 'amber', 'green', 'blue', 'grey'];

async function workforceFigures(sources: FigureSources, partnershipId: number) {
  const profile = await sources.profile.getProfile(systemActor(partnershipId, 'Strategy figures'));
  const m = profile.measures;
  const none = profile.empty || !profile.filters.censusDate;
  const count = (v: typeof m.headcount | null) => (none ? NOT_AVAILABLE : formatCell(v, 'count'));
  const percent = (v: typeof m.headcount | null) => (none ? NOT_AVAILABLE : formatCell(v, 'percent'));
  return {
    'workforce.headcount': count(m.headcount),
    'workforce.fteInPost': none ? NOT_AVAILABLE : formatCell(m.fteInPost, 'fte'),
    'workforce.turnoverRate': percent(m.turnoverRate),
    'workforce.vacancyRate': percent(m.vacancyRate),
    'workforce.agencyRate': percent(m.agencyRate),
    'workforce.absenceRate': percent(m.absenceRate),
    'workforce.level3PlusPercent': percent(m.level3PlusPercent),
    'workforce.censusDate': none ? NOT_AVAILABLE : formatDate(profile.filters.censusDate),
  };
}

async function assessmentFigures(sources: FigureSources, partnershipId: number) {
  const actor = systemActor(partnershipId, 'Strategy figures');
  const rounds = (await sources.results.listRounds(actor)).filter((r) => r.status === 'closed');
  for (const round of rounds.reverse()) {
    const results = await sources.results.results(actor, round.id);
    if (results.averages.overall === null) continue;
    const theme = (position: number) =>
      results.themes.find((t) => t.position === position)?.name ?? `Theme ${position}`;
    const stage = (position: number) =>
      results.stages.find((s) => s.position === position)?.name ?? `Stage ${position}`;
    return {
      'assessment.round': round.name,
      'assessment.overallMean': oneDecimal(results.averages.overall),
      'assessment.themeMeans': results.themes
        .map((t, i) => `${t.name} ${oneDecimal(results.averages.themes[i]) || NOT_AVAILABLE}`)
        .join('; '),
      'assessment.lowestCells': results.lowest
        .map((c) => `${theme(c.theme)}, ${stage(c.stage).toLowerCase()} (${oneDecimal(c.mean)})`)
        .join('; '),
    };
  }
  return {};
}

async function planFigures(sources: FigureSources, partnershipId: number) {
  const actor = systemActor(partnershipId, 'Strategy figures');
  const [actions, priorities] = await Promise.all([sources.actions.list(actor), sources.priorities.list(actor)]);
  const counts = RAG_ORDER.map((rag) => `${RAG_LABELS[rag]} ${actions.filter((a) => a.status.rag === rag).length}`);
  return {
    'plan.actionsByRag': actions.length ? counts.join(', ') : NOT_AVAILABLE,
    'plan.priorityCount': String(priorities.length),
  };
}

/** Every token's value now, for a partnership; a source with nothing yet gives "not available". */
export async function currentFigures(sources: FigureSources, partnershipId: number): Promise<Figures> {
  const [workforce, assessment, plan] = await Promise.all([
    workforceFigures(sources, partnershipId),
    assessmentFigures(sources, partnershipId),
    planFigures(sources, partnershipId),
  ]);
  return {
    'assessment.round': NOT_AVAILABLE,
    'assessment.overallMean': NOT_AVAILABLE,
    'assessment.themeMeans': NOT_AVAILABLE,
    'assessment.lowestCells': NOT_AVAILABLE,
    ...workforce,
    ...assessment,
    ...plan,
  };
}
