/* Bookings by job role (the data standard's codes), with fill and attendance rates. */
import { jobRoleName } from './view-model.ts';
import { breakdown } from './report-breakdown.ts';
import type { ReportSection } from './report-section.ts';

export const rolesSection: ReportSection = {
  slug: 'roles',
  title: 'By job role',
  intro: 'The same bookings by the practitioner’s job role, as the workforce data standard names it.',
  build: async (ctx) => ({
    tables: [
      await breakdown(ctx, {
        id: 'by-role',
        title: 'Bookings by job role',
        rowHeader: 'Job role',
        keyOf: (g) => g.jobRole,
        nameOf: jobRoleName,
      }),
    ],
  }),
};
