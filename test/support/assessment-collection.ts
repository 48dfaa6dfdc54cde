import assert from 'node:assert/strict';
import type { TestClient } from './app.ts';

export interface RoundForm {
  name: string;
  opens?: string;
  closes?: string;
  organisationIds?: string[];
  sectors?: string[];
  respondentTypes?: string[];
  focusGroupCounting?: string;
}

const dateParts = (prefix: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${prefix}-day`]: day ?? '', [`${prefix}-month`]: month ?? '', [`${prefix}-year`]: year ?? '' };
};

export const daysFromToday = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Creates a round through the form and returns its id. */
export async function createRound(admin: TestClient, form: RoundForm): Promise<number> {
  await admin.get('/assessment/rounds/new');
  const response = await admin.post('/assessment/rounds/new', {
    name: form.name,
    ...dateParts('opensOn', form.opens ?? daysFromToday(-1)),
    ...dateParts('closesOn', form.closes ?? daysFromToday(30)),
    organisationIds: form.organisationIds ?? [],
    sectors: form.sectors ?? [],
    respondentTypes: form.respondentTypes ?? [],
    focusGroupCounting: form.focusGroupCounting ?? 'one',
  });
  assert.equal(response.status, 303, response.text.slice(0, 2000));
  const id = /^\/assessment\/rounds\/(\d+)$/.exec(response.location ?? '')?.[1];
  assert.ok(id, `redirected to ${response.location}`);
  return Number(id);
}

/** The round's links from the CSV download, as paths: [{ organisation, kind, respondentType, path }]. */
export async function downloadLinks(admin: TestClient, roundId: number) {
  const csv = await admin.get(`/assessment/rounds/${roundId}/links.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  const lines = csv.text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  assert.equal(lines[0], 'Organisation,Kind,Respondent type,Link,Used');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    return {
      organisation: cells[0] ?? '',
      kind: cells[1] ?? '',
      respondentType: cells[2] ?? '',
      link: cells[3] ?? '',
      used: cells[4] ?? '',
      path: new URL(cells[3] ?? '').pathname,
    };
  });
}

/** A full theme's answers: every stage scored `score`, with optional overrides per stage. */
export const themeAnswers = (
  score: string,
  overrides: Record<number, string> = {},
  evidence = '',
): Record<string, string> =>
  Object.fromEntries([
    ...[1, 2, 3, 4, 5, 6, 7, 8].map((s) => [`stage_${s}`, overrides[s] ?? score]),
    ['evidence', evidence],
  ]);

/** Answers every theme through the questionnaire pages, then sends the answers. Returns the confirmation page. */
export async function answerEverything(
  client: TestClient,
  base: string,
  answers: (theme: number) => Record<string, string>,
) {
  for (let theme = 1; theme <= 8; theme++) {
    const page = await client.get(`${base}/theme/${theme}`);
    assert.equal(page.status, 200, `theme ${theme}: ${page.text.slice(0, 500)}`);
    const saved = await client.post(`${base}/theme/${theme}`, { ...answers(theme), action: 'continue' });
    assert.equal(saved.status, 303, `theme ${theme} save: ${saved.text.slice(0, 3000)}`);
    assert.equal(saved.location, theme < 8 ? `${base}/theme/${theme + 1}` : `${base}/check`);
  }
  const check = await client.get(`${base}/check`);
  assert.equal(check.status, 200);
  const sent = await client.post(`${base}/submit`);
  assert.equal(sent.status, 303, sent.text.slice(0, 2000));
  assert.equal(sent.location, `${base}/confirmation`);
  const confirmation = await client.get(`${base}/confirmation`);
  assert.equal(confirmation.status, 200);
  return { check, confirmation };
}
