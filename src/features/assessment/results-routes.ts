import { readFile } from 'node:fs/promises';
import { Router, type Response } from 'express';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { sendTable } from '../../lib/spreadsheet.ts';
import { flash, formField, renderPage } from '../../web/kit/render.ts';
import { route, type SignedInRequest } from '../../web/kit/route.ts';
import { receiveUpload } from '../../web/kit/upload.ts';
import type { Services } from '../../services.ts';
import { hasCapability } from '../../auth/actor.ts';
import { csvRows, HistoricImportError, xlsxRows } from './historic-import.ts';
import { resultsPdf } from './results-pdf.ts';
import type { RoundResults } from './results-service.ts';
import {
  breakdownTables,
  cellLabel,
  cellRows,
  differenceMap,
  heatKey,
  heatMap,
  evidenceSheet,
  NOT_ATTRIBUTED,
  rainbow,
  rainbowKey,
  resultSheets,
} from './results-view.ts';
import { oneDecimal } from './scoring.ts';

const VIEWS = 'assessment/views/results';
const MAX_UPLOAD = 2 * 1024 * 1024;

export function idParam(value: unknown, what = 'Round'): number {
  const text = String(value);
  if (!/^\d{1,9}$/.test(text)) throw new NotFoundError(what);
  return Number(text);
}

/** A theme or stage number in an address, 1 to 8. */
const position = (value: unknown): number => {
  if (!/^[1-8]$/.test(String(value))) throw new NotFoundError('Cell');
  return Number(value);
};

/** Compare needs two different rounds: say which choice is missing or the same. */
function compareErrors(from: number | undefined, to: number | undefined): Record<string, string> | undefined {
  const errors: Record<string, string> = {};
  if (from === undefined) errors.from = 'Select the earlier round to compare';
  if (to === undefined) errors.to = 'Select the later round to compare';
  else if (from === to) errors.to = 'Select a later round that is not the same as the earlier round';
  return Object.keys(errors).length ? errors : undefined;
}

const listed = (results: RoundResults, cells: { theme: number; stage: number; mean: number }[]) =>
  cells.map((c) => ({ label: cellLabel(results, c.theme, c.stage), mean: oneDecimal(c.mean) }));

/** What every results page shows of a round. */
export function resultsLocals(results: RoundResults) {
  return {
    results,
    heat: heatMap(results),
    key: heatKey(),
    rainbowSvg: rainbow(results),
    rainbowKey: rainbowKey(results),
    cellRows: cellRows(results),
    breakdowns: breakdownTables(results),
    highly: listed(results, results.highest),
    veryLow: listed(results, results.lowest),
    disagreed: results.disagreed.map((c) => ({
      label: cellLabel(results, c.theme, c.stage),
      sd: (c.sd ?? 0).toFixed(2),
      mean: oneDecimal(c.mean),
      n: c.n,
    })),
    priorities: results.priorities.map((p) => ({ ...p, label: cellLabel(results, p.theme, p.stage) })),
  };
}

const priorityOptions = (results: RoundResults) => [
  { value: '', text: 'Select a theme or cell' },
  ...results.themes.flatMap((t) => [
    { value: String(t.position), text: `${t.name} (whole theme)` },
    ...results.stages.map((s) => ({ value: `${t.position}:${s.position}`, text: `${t.name} × ${s.name}` })),
  ]),
];

export function assessmentResultsRoutes(services: Services): Router {
  const router = Router();
  const results = services.assessmentResults;

  async function showResults(
    req: SignedInRequest,
    res: Response,
    id: number,
    values: Record<string, string> = {},
    errors?: Record<string, string>,
  ) {
    const found = await results.results(req.actor, id);
    if (found.round.kind === 'live' && found.submitted === 0)
      return renderPage(res, `${VIEWS}/no-results.njk`, `Results: ${found.round.name}`, {
        round: found.round,
        canManage: hasCapability(req.actor, 'assessment:manage'),
        backLink: '/assessment',
      });
    renderPage(res, `${VIEWS}/results.njk`, `Results: ${found.round.name}`, {
      ...resultsLocals(found),
      canManage: hasCapability(req.actor, 'assessment:manage'),
      priorityItems: priorityOptions(found).map((o) => ({ ...o, selected: o.value === values.cell })),
      values,
      errors,
      columnClass: 'govuk-grid-column-full',
      backLink: '/assessment',
    });
  }

  function showImport(
    res: Response,
    values: Record<string, string> = {},
    errors?: Record<string, string>,
    problems: string[] = [],
  ) {
    renderPage(res, `${VIEWS}/import.njk`, 'Import a past round', {
      values,
      errors,
      problems,
      backLink: '/assessment',
    });
  }

  router.get(
    '/assessment/rounds/import',
    route('assessment:manage', (_req, res) => showImport(res)),
  );

  router.post(
    '/assessment/rounds/import',
    route('assessment:manage', async (req, res) => {
      let values: Record<string, string> = {};
      try {
        const upload = await receiveUpload(req, { field: 'file', maxBytes: MAX_UPLOAD });
        values = Object.fromEntries(
          ['name', 'heldOn-day', 'heldOn-month', 'heldOn-year'].map((f) => [f, upload.fields[f] ?? '']),
        );
        const name = values.name ?? '';
        const heldOn = {
          day: values['heldOn-day'] ?? '',
          month: values['heldOn-month'] ?? '',
          year: values['heldOn-year'] ?? '',
        };
        try {
          const buffer = await readFile(upload.path);
          const rows =
            /\.xlsx$/i.test(upload.fileName) || buffer.subarray(0, 2).toString() === 'PK'
              ? await xlsxRows(buffer)
              : csvRows(buffer.toString('utf8'));
          const { id } = await results.importHistoric(req.actor, { name, heldOn }, rows);
          flash(req, `${name.trim()} is imported`);
          res.redirect(303, `/assessment/rounds/${id}/results`);
        } finally {
          await upload.discard();
        }
      } catch (err) {
        if (err instanceof HistoricImportError) {
          return showImport(
            res.status(400),
            values,
            {
              file: `The file has ${err.problems.length === 1 ? 'a problem' : `${err.problems.length} problems`}: nothing was imported`,
            },
            err.problems,
          );
        }
        if (err instanceof ValidationError) return showImport(res.status(400), values, err.fields);
        throw err;
      }
    }),
  );

  router.get(
    '/assessment/compare',
    route('assessment:results', async (req, res) => {
      const rounds = await results.listRounds(req.actor);
      const from = typeof req.query.from === 'string' && req.query.from ? idParam(req.query.from) : undefined;
      const to = typeof req.query.to === 'string' && req.query.to ? idParam(req.query.to) : undefined;
      // The form sends both; a link with only `to` (from a round's results) just preselects it.
      const errors = 'from' in req.query ? compareErrors(from, to) : undefined;
      if (errors) res.status(400);
      const items = (chosen?: number) => [
        { value: '', text: 'Select a round' },
        ...rounds.map((r) => ({ value: String(r.id), text: r.name, selected: r.id === chosen })),
      ];
      let comparison;
      if (!errors && from !== undefined && to !== undefined) {
        const c = await results.compare(req.actor, from, to);
        comparison = {
          ...c,
          fromName: c.from.round.name,
          toName: c.to.round.name,
          difference: differenceMap(c.from, c.cells),
          fromRainbow: rainbow(c.from, 'rainbow-from'),
          toRainbow: rainbow(c.to, 'rainbow-to'),
          cellRows: c.cells.map((x) => ({
            ...x,
            label: cellLabel(c.from, x.theme, x.stage),
            fromText: oneDecimal(x.from) || '–',
            toText: oneDecimal(x.to) || '–',
          })),
          themeRows: c.themes.map((x) => ({
            ...x,
            fromText: oneDecimal(x.from) || '–',
            toText: oneDecimal(x.to) || '–',
          })),
          counts: {
            improved: c.cells.filter((x) => x.direction === 'improved').length,
            declined: c.cells.filter((x) => x.direction === 'declined').length,
            same: c.cells.filter((x) => x.direction === 'same').length,
          },
        };
      }
      renderPage(res, `${VIEWS}/compare.njk`, 'Compare two rounds', {
        fromItems: items(from),
        toItems: items(to),
        comparison,
        errors,
        canImport: hasCapability(req.actor, 'assessment:manage'),
        columnClass: 'govuk-grid-column-full',
        backLink: '/assessment',
      });
    }),
  );

  router.get(
    '/assessment/rounds/:id/results',
    route('assessment:results', (req, res) => showResults(req, res, idParam(req.params.id))),
  );

  router.get(
    '/assessment/rounds/:id/results/cells/:theme/:stage',
    route('assessment:results', async (req, res) => {
      const found = await results.results(req.actor, idParam(req.params.id));
      const [theme, stage] = [position(req.params.theme), position(req.params.stage)];
      const cell = cellRows(found).find((c) => c.theme === theme && c.stage === stage);
      if (!cell) throw new NotFoundError('Cell');
      const themeName = found.themes.find((t) => t.position === theme)?.name ?? `Theme ${theme}`;
      renderPage(res, `${VIEWS}/cell.njk`, `${cell.label} – Results: ${found.round.name}`, {
        results: found,
        cell,
        themeName,
        evidence: found.evidence
          .filter((e) => e.theme === theme)
          .map((e) => ({ ...e, organisation: e.organisation ?? NOT_ATTRIBUTED })),
        backLink: `/assessment/rounds/${found.round.id}/results`,
      });
    }),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    router.get(
      `/assessment/rounds/:id/results.${format}`,
      route('assessment:results', async (req, res) => {
        const found = await results.results(req.actor, idParam(req.params.id));
        await sendTable(res, format, `results-${found.round.name}`, resultSheets(found));
      }),
    );
  }

  router.get(
    '/assessment/rounds/:id/evidence.csv',
    route('assessment:results', async (req, res) => {
      const found = await results.results(req.actor, idParam(req.params.id));
      await sendTable(res, 'csv', `evidence-${found.round.name}`, [evidenceSheet(found)]);
    }),
  );

  router.get(
    '/assessment/rounds/:id/results.pdf',
    route('assessment:results', async (req, res) => {
      const found = await results.results(req.actor, idParam(req.params.id));
      res.type('application/pdf');
      res.attachment(`results-${found.round.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`);
      res.send(await resultsPdf(found));
    }),
  );

  router.post(
    '/assessment/rounds/:id/priorities',
    route('assessment:manage', async (req, res) => {
      const id = idParam(req.params.id);
      const values = { cell: formField(req.body, 'cell'), note: formField(req.body, 'note') };
      try {
        await results.addPriority(req.actor, id, values);
        flash(req, 'The priority is added');
        res.redirect(303, `/assessment/rounds/${id}/results#priorities`);
      } catch (err) {
        if (err instanceof ValidationError) return showResults(req, res.status(400), id, values, err.fields);
        throw err;
      }
    }),
  );

  router.post(
    '/assessment/rounds/:id/priorities/:priorityId/delete',
    route('assessment:manage', async (req, res) => {
      const id = idParam(req.params.id);
      await results.removePriority(req.actor, id, idParam(req.params.priorityId, 'Priority'));
      flash(req, 'The priority is removed');
      res.redirect(303, `/assessment/rounds/${id}/results#priorities`);
    }),
  );

  return router;
}
