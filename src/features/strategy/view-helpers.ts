import type { StrategyStatus } from '../../db/strategy-schema.ts';
import { STATUS_LABELS, STATUS_TAGS } from './versions.ts';

export const VIEWS = 'strategy/views';

/** A version's status as a govuk-tag: its words carry the meaning, never colour alone. */
export const statusTag = (status: StrategyStatus) => ({ text: STATUS_LABELS[status], classes: STATUS_TAGS[status] });
