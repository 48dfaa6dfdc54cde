/* Every operation of the strategy and action plan (issue 15 point 10, docs/adr/0027). */
import type { Services } from '../services.ts';
import type { ApiOperation } from './registry.ts';
import { planActionOperations } from './plan-actions.ts';
import { planFundingOperations } from './plan-funding.ts';
import { planGlossaryOperations } from './plan-glossary.ts';
import { planGovernanceOperations } from './plan-governance.ts';
import { planIndicatorOperations } from './plan-indicators.ts';
import { planPriorityOperations } from './plan-priorities.ts';
import { planRiskOperations } from './plan-risks.ts';
import { planStrategyOperations } from './plan-strategies.ts';

export const planApiOperations = (services: Services): ApiOperation[] => [
  ...planPriorityOperations(services),
  ...planActionOperations(services),
  ...planRiskOperations(services),
  ...planIndicatorOperations(services),
  ...planFundingOperations(services),
  ...planGovernanceOperations(services),
  ...planGlossaryOperations(services),
  ...planStrategyOperations(services),
];
