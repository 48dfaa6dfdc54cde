import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { createAccountService } from './features/accounts/account-service.ts';
import { createPasswordService } from './features/accounts/password-service.ts';
import { createPasswordResetService } from './features/accounts/password-reset-service.ts';
import { createSignInService } from './features/accounts/sign-in-service.ts';
import { createTokenService } from './features/accounts/token-service.ts';
import { createInviteService } from './features/accounts/invite-service.ts';
import { createUsersService } from './features/accounts/users-service.ts';
import { createAuditService } from './features/audit/service.ts';
import { createPartnershipService } from './features/partnerships/service.ts';
import { createOrganisationService } from './features/organisations/service.ts';
import { createAssessmentResultsService } from './features/assessment/results-service.ts';
import { createFrameworkService } from './features/assessment/framework-service.ts';
import { createRoundsService } from './features/assessment/rounds-service.ts';
import { createRoundEmailService } from './features/assessment/round-emails.ts';
import { createQuestionnaireService } from './features/assessment/questionnaire-service.ts';

import { createReturnsService } from './features/workforce/returns/returns-service.ts';
import { createCompletenessService } from './features/workforce/returns/completeness-service.ts';
import { createProfileService } from './features/workforce/profile/profile-service.ts';
import { createMessagingService } from './features/messaging/service.ts';
import { createFullTimeHoursService } from './features/workforce/returns/full-time-hours.ts';
import { createTrainingServices } from './features/training/services.ts';
import { createTrainingReportService } from './features/training/report-service.ts';
import { createEvaluationService } from './features/training/evaluation-service.ts';
import { createRegistrationService } from './features/training/registration-service.ts';
import { createPublicCatalogueService } from './features/training/public-catalogue-service.ts';
import { createActionsService } from './features/plan/actions-service.ts';
import { createPrioritiesService } from './features/plan/priorities-service.ts';
import { createRisksService } from './features/plan/risks-service.ts';
import { createImportService } from './features/plan/import-service.ts';
import { createIndicatorsService } from './features/plan/indicators-service.ts';
import { createFundingService } from './features/plan/funding-service.ts';
import { createGovernanceService } from './features/plan/governance-service.ts';
import { createGlossaryService } from './features/plan/glossary-service.ts';
import { createReportsHomeService } from './features/reports/home-service.ts';
import { createThemeReportService } from './features/reports/theme-service.ts';
import { createPublicProgressService } from './features/public/service.ts';
import { createPackService } from './features/reports/pack-service.ts';
import { createStrategyService } from './features/strategy/service.ts';
import { createStrategyDocumentService } from './features/strategy/document-service.ts';
import { createChecklistService } from './features/strategy/checklist-service.ts';
import { createPromotionService } from './features/strategy/promotion-service.ts';

/** Every feature's use cases, built once over one database. */
export function createServices(db: Db, config: Config) {
  const workforceReturns = createReturnsService(db.kysely, db.engine, { problemLimit: config.workforceProblemLimit });
  const profile = createProfileService(db.kysely, config);
  const planIndicators = createIndicatorsService(db.kysely, profile, config.suppressionThreshold);
  const threshold = config.suppressionThreshold;
  return {
    signIn: createSignInService(db.kysely, config),
    tokens: createTokenService(db.kysely),
    users: createUsersService(db.kysely, config),
    invites: createInviteService(db.kysely),
    account: createAccountService(db.kysely),
    passwords: createPasswordService(db.kysely),
    passwordResets: createPasswordResetService(db.kysely, config),
    audit: createAuditService(db.kysely),
    partnerships: createPartnershipService(db.kysely),
    organisations: createOrganisationService(db.kysely),
    workforceReturns,
    workforceCompleteness: createCompletenessService(db.kysely),
    fullTimeHours: createFullTimeHoursService(db.kysely, workforceReturns),
    profile,
    assessmentResults: createAssessmentResultsService(db.kysely, config.suppressionThreshold),
    assessmentFramework: createFrameworkService(db.kysely),
    assessmentRounds: createRoundsService(db.kysely, config),
    assessmentEmails: createRoundEmailService(db.kysely, config),
    questionnaire: createQuestionnaireService(db.kysely),
    messaging: createMessagingService(db.kysely),
    training: createTrainingServices(db.kysely, db.engine, config.baseUrl),
    trainingReport: createTrainingReportService(db.kysely, config.suppressionThreshold),
    trainingEvaluation: createEvaluationService(db.kysely, config.suppressionThreshold),
    trainingRegistration: createRegistrationService(db.kysely, db.engine, config),
    trainingPublic: createPublicCatalogueService(db.kysely, config.baseUrl),
    planPriorities: createPrioritiesService(db.kysely),
    planActions: createActionsService(db.kysely),
    planRisks: createRisksService(db.kysely),
    planImports: createImportService(db.kysely),
    planIndicators,
    planFunding: createFundingService(db.kysely),
    planGovernance: createGovernanceService(db.kysely, createActionsService(db.kysely)),
    planGlossary: createGlossaryService(db.kysely),
    reportsHome: createReportsHomeService(db.kysely, profile, threshold),
    reportsThemes: createThemeReportService(db.kysely, planIndicators, threshold),
    publicProgress: createPublicProgressService(db.kysely, planIndicators, threshold),
    boardPacks: createPackService(
      db.kysely,
      {
        actions: createActionsService(db.kysely),
        risks: createRisksService(db.kysely),
        indicators: planIndicators,
        funding: createFundingService(db.kysely),
        profile,
        assessment: createAssessmentResultsService(db.kysely, config.suppressionThreshold),
      },
      { threshold: config.suppressionThreshold },
    ),
    strategies: createStrategyService(
      db.kysely,
      {
        profile,
        results: createAssessmentResultsService(db.kysely, config.suppressionThreshold),
        actions: createActionsService(db.kysely),
        priorities: createPrioritiesService(db.kysely),
      },
      {
        priorities: createPrioritiesService(db.kysely),
        actions: createActionsService(db.kysely),
        risks: createRisksService(db.kysely),
        indicators: planIndicators,
        glossary: createGlossaryService(db.kysely),
        threshold: config.suppressionThreshold,
      },
    ),
    strategyDocuments: createStrategyDocumentService(db.kysely),
    strategyChecklist: createChecklistService(db.kysely),
    strategyPromotion: createPromotionService(db.kysely),
  };
}

export type Services = ReturnType<typeof createServices>;
