/*
 * The strategy document's appendices (issue 16 point 3, docs/adr/0026): the action plan, the risk
 * register, the success indicators, governance and the glossary, worked out once when a version
 * is approved and stored with it as JSON, so the approved document never changes. Indicator
 * values pass the suppression module here; counts of actions and risks are exact (docs/adr/0034).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { systemActor } from '../../auth/actor.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { SUPPRESSED } from '../../lib/suppression.ts';
import type { ActionView, ActionsService } from '../plan/actions-service.ts';
import type { GlossaryService } from '../plan/glossary-service.ts';
import { GROUP_KINDS } from '../plan/governance-service.ts';
import type { IndicatorsService } from '../plan/indicators-service.ts';
import { LIVE_SOURCES, isLiveSource } from '../plan/indicator-rules.ts';
import type { PrioritiesService } from '../plan/priorities-service.ts';
import { heatMapCounts } from '../plan/risk-rules.ts';
import type { RisksService } from '../plan/risks-service.ts';
import { shownIndicatorValue } from '../reports/theme-figures.ts';

export interface AppendixSources {
  priorities: PrioritiesService;
  actions: ActionsService;
  risks: RisksService;
  indicators: IndicatorsService;
  glossary: GlossaryService;
  threshold: number;
}

const appendixActionSchema = z.object({
  title: z.string(),
  objective: z.string(),
  /** As entered: a role or a person's name, so the public document shows the organisation only. */
  lead: z.string(),
  leadOrganisation: z.string(),
  startDate: z.string(),
  dueDate: z.string(),
  rag: z.string(),
  stale: z.boolean(),
  costPence: z.number().nullable(),
});
export type AppendixAction = z.infer<typeof appendixActionSchema>;

const shownNumber = z.union([z.number(), z.literal(SUPPRESSED)]).nullable();

/** The appendices as stored with an approved version (version 1 of their shape). */
const appendicesSchema = z.object({
  version: z.literal(1),
  asAt: z.string(),
  threshold: z.number(),
  priorities: z.array(
    z.object({
      rank: z.number(),
      title: z.string(),
      objectives: z.array(
        z.object({ what: z.string(), measure: z.string(), target: z.string(), dueDate: z.string(), owner: z.string() }),
      ),
      actions: z.array(appendixActionSchema),
    }),
  ),
  unprioritised: z.array(appendixActionSchema),
  risks: z.object({
    heatMap: z.array(z.array(z.number())),
    rows: z.array(
      z.object({
        title: z.string(),
        cause: z.string(),
        effect: z.string(),
        owner: z.string(),
        inherentScore: z.number(),
        residualScore: z.number(),
        level: z.string(),
        aboveAppetite: z.boolean(),
        reviewOn: z.string(),
      }),
    ),
  }),
  indicators: z.array(
    z.object({
      name: z.string(),
      unit: z.string(),
      baseline: shownNumber,
      target: z.number().nullable(),
      latest: shownNumber,
      quarterEnd: z.string().nullable(),
      rag: z.string(),
    }),
  ),
  governance: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      reportsTo: z.string().nullable(),
      reviewOn: z.string(),
      members: z.array(z.object({ role: z.string(), organisation: z.string(), name: z.string() })),
    }),
  ),
  glossary: z.array(z.object({ term: z.string(), expansion: z.string(), definition: z.string() })),
});
export type Appendices = z.infer<typeof appendicesSchema>;

function appendixAction(a: ActionView, objectives: Map<number, string>): AppendixAction {
  return {
    title: a.title,
    objective: a.objectiveId === null ? '' : (objectives.get(a.objectiveId) ?? ''),
    lead: a.leadName,
    leadOrganisation: a.leadOrganisation,
    startDate: a.startDate,
    dueDate: a.dueDate,
    rag: a.status.rag,
    stale: a.status.stale,
    costPence: a.costPence,
  };
}

async function actionPlan(sources: AppendixSources, partnershipId: number) {
  const reader = systemActor(partnershipId, 'Strategy document');
  const [priorities, actions] = await Promise.all([sources.priorities.list(reader), sources.actions.list(reader)]);
  const objectives = new Map(priorities.flatMap((p) => p.objectives.map((o) => [o.id, o.what] as const)));
  const byDue = (a: AppendixAction, b: AppendixAction) => a.dueDate.localeCompare(b.dueDate);
  return {
    priorities: priorities.map((p) => ({
      rank: p.rank,
      title: p.title,
      objectives: p.objectives.map((o) => ({
        what: o.what,
        measure: o.measure,
        target: o.target,
        dueDate: o.dueDate,
        owner: o.owner,
      })),
      actions: actions
        .filter((a) => a.priorityId === p.id)
        .map((a) => appendixAction(a, objectives))
        .sort(byDue),
    })),
    unprioritised: actions
      .filter((a) => a.priorityId === null || !priorities.some((p) => p.id === a.priorityId))
      .map((a) => appendixAction(a, objectives))
      .sort(byDue),
  };
}

async function riskRegister(sources: AppendixSources, partnershipId: number): Promise<Appendices['risks']> {
  const risks = await sources.risks.list(systemActor(partnershipId, 'Strategy document'));
  return {
    heatMap: heatMapCounts(risks.map((r) => r.residual)),
    rows: [...risks]
      .sort((a, b) => b.residual.score - a.residual.score || b.inherentScore - a.inherentScore)
      .map((r) => ({
        title: r.title,
        cause: r.cause,
        effect: r.effect,
        owner: r.owner,
        inherentScore: r.inherentScore,
        residualScore: r.residual.score,
        level: r.residualLevel,
        aboveAppetite: r.aboveAppetite,
        reviewOn: r.reviewOn,
      })),
  };
}

async function indicatorTable(sources: AppendixSources, partnershipId: number): Promise<Appendices['indicators']> {
  const { indicators } = await sources.indicators.list(systemActor(partnershipId, 'Strategy document'));
  const t = sources.threshold;
  return indicators.map((i) => {
    const unit = isLiveSource(i.source) ? LIVE_SOURCES[i.source].unit : i.unit;
    return {
      name: i.name,
      unit,
      baseline: shownIndicatorValue(i.baseline === null ? null : Number(i.baseline), unit, false, t),
      target: i.latest?.target ?? null,
      latest: shownIndicatorValue(i.latest?.value ?? null, unit, i.latest?.suppressed ?? false, t),
      quarterEnd: i.latest?.quarterEnd ?? null,
      rag: i.latest?.rag ?? 'none',
    };
  });
}

async function governance(db: Kysely<Database>, partnershipId: number): Promise<Appendices['governance']> {
  const [groups, members] = await Promise.all([
    db.selectFrom('gov_groups').selectAll().where('partnership_id', '=', partnershipId).orderBy('id').execute(),
    db.selectFrom('gov_members').selectAll().where('partnership_id', '=', partnershipId).orderBy('id').execute(),
  ]);
  return groups.map((g) => ({
    name: g.name,
    kind: GROUP_KINDS[g.kind] ?? g.kind,
    reportsTo: groups.find((p) => p.id === g.parent_id)?.name ?? null,
    reviewOn: g.review_on,
    members: members
      .filter((m) => m.group_id === g.id)
      .map((m) => ({ role: m.role, organisation: m.organisation, name: m.name })),
  }));
}

/** Every appendix as it stands today, for freezing into a version at approval. */
export async function workOutAppendices(
  db: Kysely<Database>,
  sources: AppendixSources,
  partnershipId: number,
): Promise<Appendices> {
  const [plan, risks, indicators, groups, glossary] = await Promise.all([
    actionPlan(sources, partnershipId),
    riskRegister(sources, partnershipId),
    indicatorTable(sources, partnershipId),
    governance(db, partnershipId),
    sources.glossary.list(systemActor(partnershipId, 'Strategy document')),
  ]);
  return {
    version: 1,
    asAt: todayInLondon(),
    threshold: sources.threshold,
    ...plan,
    risks,
    indicators,
    governance: groups,
    glossary: glossary.terms.map((t) => ({ term: t.term, expansion: t.expansion, definition: t.definition })),
  };
}

/** A stored copy read back; null where the version was approved before appendices were kept. */
export function parseAppendices(json: string | null): Appendices | null {
  if (!json) return null;
  const parsed: unknown = JSON.parse(json);
  return z.object({ version: z.literal(1) }).safeParse(parsed).success ? appendicesSchema.parse(parsed) : null;
}
