/*
 * The training quarterly report's sections, in the order the page, the PDF, the downloads and the
 * API give them. Adding a section: one file keeping the contract in report-section.ts, one line here.
 */
import { agenciesSection } from './report-section-agencies.ts';
import { chargesSection } from './report-section-charges.ts';
import { coursesSection } from './report-section-courses.ts';
import { complianceSection } from './report-section-compliance.ts';
import { demandSection } from './report-section-demand.ts';
import { evaluationSection } from './report-section-evaluation.ts';
import { overviewSection } from './report-section-overview.ts';
import { rolesSection } from './report-section-roles.ts';
import type { ReportSection } from './report-section.ts';

export const REPORT_SECTIONS: readonly ReportSection[] = [
  overviewSection,
  agenciesSection,
  rolesSection,
  coursesSection,
  demandSection,
  evaluationSection,
  chargesSection,
  complianceSection,
];
