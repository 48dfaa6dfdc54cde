/**
 * How much one response counts in the results. Only submitted responses count at all; a focus
 * group counts as its number of participants when its round says so, otherwise as one.
 */
export interface WeightedResponse {
  status: string;
  source: string;
  participants: number;
}

export type FocusGroupCounting = 'one' | 'participants';

export function responseWeight(response: WeightedResponse, counting: FocusGroupCounting): number {
  if (response.status !== 'submitted') return 0;
  if (response.source === 'focus_group' && counting === 'participants') return Math.max(1, response.participants);
  return 1;
}
