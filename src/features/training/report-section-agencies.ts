/* Bookings by agency (the practitioner's organisation when they booked), with fill and attendance rates. */
import { agencyTable } from './report-breakdown.ts';
import type { ReportSection } from './report-section.ts';

export const agenciesSection: ReportSection = {
  slug: 'agencies',
  title: 'By agency',
  intro:
    'Each agency’s bookings on the quarter’s sessions by outcome. Share of places offered: the places its staff took as a percentage of all the places offered.',
  build: async (ctx) => ({ tables: [await agencyTable(ctx)] }),
};
