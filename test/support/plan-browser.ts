/* What the plan's browser tests do on its forms. */
import type { Page } from 'playwright-core';
import { addDays, todayInLondon } from '../../src/lib/dates.ts';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Fills the GOV.UK date input named by its legend with the date `offset` days from today. */
export async function fillDate(page: Page, legend: string, offset: number) {
  const [year, month, day] = addDays(todayInLondon(), offset).split('-');
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year ?? '');
}

/** Adds a progress update on an action's page and waits for it to be saved. */
export async function addUpdate(page: Page, progress: string, narrative: string) {
  await page.getByLabel('Progress', { exact: true }).fill(progress);
  await page.getByLabel('What has happened since the last update').fill(narrative);
  await page.getByRole('button', { name: 'Add update' }).click();
  await page.getByText(/Your update is added/).waitFor();
}
