import type { Kysely } from 'kysely';
import { disclosureSecret } from '../../db/disclosure-secrets.ts';
import { groupKeyer, protectCount, type Tally } from '../../lib/disclosure.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { LruCache } from '../../lib/lru-cache.ts';
import { nowIso } from '../../lib/time.ts';
import { dateFromInput, todayInLondon } from '../../lib/dates.ts';
import { roundStatus } from './round-status.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { recordAudit } from '../audit/service.ts';
import { parseHistoricTable } from './historic-import.ts';
import { ensureDefaultFramework, findFramework } from './repository.ts';
import * as repo from './results-repository.ts';
import {
  averages,
  breakdown,
  changeBetween,
  DIMENSIONS,
  highest,
  lowest,
  mostDisagreed,
  scoreCells,
  ungrouped,
  type CellStats,
} from './scoring.ts';

import {
  EVIDENCE_ATTRIBUTION_MINIMUM,
  type CellChange,
  type EvidenceNote,
  type RoundResults,
  type RoundSummary,
} from './results-types.ts';

export {
  EVIDENCE_ATTRIBUTION_MINIMUM,
  type CellChange,
  type EvidenceNote,
  type ResultCell,
  type RoundResults,
  type RoundSummary,
} from './results-types.ts';

const MAX_NAME = 120;
/** Rounds' figures kept per worker: a few rounds of each partnership an instance serves. */
const RESULTS_CACHE_ENTRIES = 32;

type LiveFigures = Pick<RoundResults, 'cells' | 'breakdowns' | 'organisations' | 'evidence' | 'version'>;
const MAX_NOTE = 2000;

function attributed(rows: repo.EvidenceRow[], organisations: repo.OrganisationCount[]): EvidenceNote[] {
  const minimum = EVIDENCE_ATTRIBUTION_MINIMUM;
  const named = new Map(
    organisations
      .filter((o) => o.organisationId !== null && o.submitted >= minimum)
      .map((o) => [o.organisationId, o.name]),
  );
  return rows.map((r) => ({ theme: r.theme, note: r.note, organisation: named.get(r.organisationId) ?? null }));
}

/** A round's results: scores, breakdowns, comparison, historic import and priorities for improvement. */
export class AssessmentResultsService {
  readonly #db: Kysely<Database>;
  readonly #threshold: number;
  readonly #cache: LruCache<LiveFigures>;

  constructor(db: Kysely<Database>, threshold: number, cacheEntries = RESULTS_CACHE_ENTRIES) {
    this.#db = db;
    this.#threshold = threshold;
    this.#cache = new LruCache(cacheEntries);
  }

  async #findRound(actor: Actor, id: number): Promise<repo.RoundRow> {
    const found = await repo.findRound(this.#db, actor.partnershipId, id);
    if (!found) throw new NotFoundError('Round');
    return found;
  }

  /**
   * What a live round's submitted responses give, computed from their answers (the expensive part:
   * the aggregates over every answer) and kept per worker under the round's data version, so a
   * repeated view is one small query and a lookup, and a new submission is seen at once
   * (docs/adr/0038). Round, framework and priorities are read fresh on every view.
   */
  async #liveFigures(pid: number, row: repo.RoundRow): Promise<LiveFigures> {
    const version = await repo.resultsVersion(this.#db, pid, row.id);
    const key = JSON.stringify([pid, row.id, row.focus_group_counting, this.#threshold, version]);
    const hit = this.#cache.get(key);
    if (hit) return hit;
    const [counts, respondents, organisations, evidence] = await Promise.all([
      repo.groupedAnswerCounts(this.#db, pid, row.id, row.focus_group_counting),
      repo.groupedRespondents(this.#db, pid, row.id, row.focus_group_counting),
      repo.organisationCounts(this.#db, pid, row.id, row.focus_group_counting),
      repo.listEvidence(this.#db, pid, row.id),
    ]);
    const keyOf = groupKeyer(await disclosureSecret(this.#db, pid), `assessment-round-${row.id}`);
    const protect = (t: Tally) => protectCount({ n: t.n, k: keyOf(t.k) });
    const figures: LiveFigures = {
      cells: scoreCells(ungrouped(counts)),
      breakdowns: DIMENSIONS.map((d) => breakdown(d, counts, respondents, this.#threshold, protect)),
      organisations,
      evidence: attributed(evidence, organisations),
      version,
    };
    this.#cache.set(key, figures);
    return figures;
  }

  async #historicFigures(pid: number, row: repo.RoundRow): Promise<LiveFigures> {
    const means = new Map((await repo.cellMeans(this.#db, pid, row.id)).map((c) => [`${c.theme}:${c.stage}`, c.mean]));
    const cells = scoreCells([]).map((c) => ({
      ...c,
      n: null,
      distribution: null,
      dontKnow: 0,
      notApplicable: 0,
      mean: means.get(`${c.theme}:${c.stage}`) ?? null,
    }));
    return { cells, breakdowns: [], organisations: [], evidence: [] };
  }

  async #compute(actor: Actor, row: repo.RoundRow): Promise<RoundResults> {
    const framework = await findFramework(this.#db, actor.partnershipId, row.framework_id);
    if (!framework) throw new NotFoundError('Framework');
    const pid = actor.partnershipId;
    const { cells, breakdowns, organisations, evidence, version } =
      row.kind === 'historic' ? await this.#historicFigures(pid, row) : await this.#liveFigures(pid, row);
    const statistics = cells.filter((c): c is CellStats => c.n !== null && c.distribution !== null);
    return {
      round: { id: row.id, name: row.name, kind: row.kind, status: row.status, statusText: roundStatus(row).tag.text },
      themes: framework.themes,
      stages: framework.stages,
      cells,
      averages: averages(cells),
      highest: highest(cells),
      lowest: lowest(cells),
      disagreed: mostDisagreed(statistics),
      breakdowns,
      organisations,
      submitted: organisations.reduce((sum, o) => sum + o.submitted, 0),
      respondents: organisations.reduce((sum, o) => sum + o.respondents, 0),
      priorities: await repo.listPriorities(this.#db, pid, row.id),
      evidence,
      threshold: this.#threshold,
      version,
    };
  }

  /** Hits, misses and entries of the results cache, for the benchmark and the tests. */
  cacheStats(): { hits: number; misses: number; entries: number } {
    return { hits: this.#cache.hits, misses: this.#cache.misses, entries: this.#cache.size };
  }

  async listRounds(actor: Actor): Promise<RoundSummary[]> {
    requireCapability(actor, 'assessment:results');
    return (await repo.listRounds(this.#db, actor.partnershipId)).map(({ id, name, kind, status }) => ({
      id,
      name,
      kind,
      status,
    }));
  }

  /** Everything the results page, exports and API show, for a round in the actor's partnership. */
  async results(actor: Actor, roundId: number): Promise<RoundResults> {
    requireCapability(actor, 'assessment:results');
    return this.#compute(actor, await this.#findRound(actor, roundId));
  }

  async compare(actor: Actor, fromId: number, toId: number) {
    requireCapability(actor, 'assessment:results');
    const [from, to] = await Promise.all([
      this.#compute(actor, await this.#findRound(actor, fromId)),
      this.#compute(actor, await this.#findRound(actor, toId)),
    ]);
    const cells: CellChange[] = from.cells.map((c, i) => {
      const next = to.cells[i]?.mean ?? null;
      return { theme: c.theme, stage: c.stage, from: c.mean, to: next, ...changeBetween(c.mean, next) };
    });
    const themes = from.themes.map((t, i) => ({
      position: t.position,
      name: t.name,
      from: from.averages.themes[i] ?? null,
      to: to.averages.themes[i] ?? null,
      ...changeBetween(from.averages.themes[i] ?? null, to.averages.themes[i] ?? null),
    }));
    return { from, to, cells, themes, overall: changeBetween(from.averages.overall, to.averages.overall) };
  }

  /** A past round from its table of means, held on the date given: all 64 cells or nothing. */
  async importHistoric(
    actor: Actor,
    input: { name: string; heldOn: { day: string; month: string; year: string } },
    rows: string[][],
  ): Promise<{ id: number }> {
    requireCapability(actor, 'assessment:manage');
    const trimmed = input.name.trim().replace(/\s+/g, ' ');
    const fields: Record<string, string> = {};
    if (!trimmed) fields.name = 'Enter a name for the round, such as “Baseline 2009”';
    else if (trimmed.length > MAX_NAME) fields.name = `Name must be ${MAX_NAME} characters or fewer`;
    else if (await repo.findRoundNamed(this.#db, actor.partnershipId, trimmed))
      fields.name = `There is already a round called ${trimmed}`;
    const heldOn = dateFromInput(input.heldOn);
    if (![input.heldOn.day, input.heldOn.month, input.heldOn.year].some((p) => p.trim()))
      fields['heldOn-day'] = 'Enter the date the round was held, such as 30 6 2009';
    else if (!heldOn) fields['heldOn-day'] = 'The date the round was held must be a real date, such as 30 6 2009';
    else if (heldOn > todayInLondon())
      fields['heldOn-day'] = 'The date the round was held must be today or in the past';
    if (Object.keys(fields).length || !heldOn) throw new ValidationError(fields);
    const frameworkId = await ensureDefaultFramework(this.#db, actor.partnershipId);
    const framework = await findFramework(this.#db, actor.partnershipId, frameworkId);
    if (!framework) throw new NotFoundError('Framework');
    const cells = parseHistoricTable(rows, framework.themes, framework.stages);
    return this.#db.transaction().execute(async (trx) => {
      const id = await repo.insertHistoricRound(
        trx,
        actor.partnershipId,
        frameworkId,
        { name: trimmed, heldOn },
        cells,
        nowIso(),
      );
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'assessment_round',
        entityId: id,
        summary: `Imported historic round ${trimmed}`,
        after: { name: trimmed, kind: 'historic', heldOn, cells: cells.map((c) => [c.theme, c.stage, c.mean]) },
      });
      return { id };
    });
  }

  async addPriority(actor: Actor, roundId: number, input: { cell: string; note: string }): Promise<void> {
    requireCapability(actor, 'assessment:manage');
    const row = await this.#findRound(actor, roundId);
    const match = /^(\d)(?::(\d))?$/.exec(input.cell.trim());
    const theme = Number(match?.[1]);
    const stage = match?.[2] ? Number(match[2]) : null;
    const fields: Record<string, string> = {};
    if (!match || theme < 1 || theme > 8 || (stage !== null && (stage < 1 || stage > 8)))
      fields.cell = 'Select a theme or a cell';
    const note = input.note.trim();
    if (!note) fields.note = 'Enter why this is a priority for improvement';
    else if (note.length > MAX_NOTE) fields.note = `Note must be ${MAX_NOTE} characters or fewer`;
    if (Object.keys(fields).length) throw new ValidationError(fields);
    await this.#db.transaction().execute(async (trx) => {
      const { id } = await repo.insertPriority(trx, {
        partnership_id: actor.partnershipId,
        round_id: row.id,
        theme,
        stage,
        note,
        created_by: actor.userId,
        created_at: nowIso(),
      });
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'assessment_priority',
        entityId: id,
        summary: `Marked theme ${theme}${stage ? `, stage ${stage}` : ''} of ${row.name} as a priority`,
        after: { roundId: row.id, theme, stage, note },
      });
    });
  }

  async removePriority(actor: Actor, roundId: number, priorityId: number): Promise<void> {
    requireCapability(actor, 'assessment:manage');
    const row = await this.#findRound(actor, roundId);
    const priority = await repo.findPriority(this.#db, actor.partnershipId, row.id, priorityId);
    if (!priority) throw new NotFoundError('Priority');
    await this.#db.transaction().execute(async (trx) => {
      await repo.deletePriority(trx, actor.partnershipId, priority.id);
      await recordAudit(trx, actor, {
        action: 'delete',
        entityType: 'assessment_priority',
        entityId: priority.id,
        summary: `Removed a priority from ${row.name}`,
        before: { roundId: row.id, theme: priority.theme, stage: priority.stage, note: priority.note },
      });
    });
  }
}

export const createAssessmentResultsService = (
  db: Kysely<Database>,
  threshold: number,
  cacheEntries?: number,
): AssessmentResultsService => new AssessmentResultsService(db, threshold, cacheEntries);
