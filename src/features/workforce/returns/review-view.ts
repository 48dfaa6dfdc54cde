/* What the review page shows of a ReturnReview: each part's fate in words, and the changed records a page at a time. */
import { pagination } from '../../../web/kit/pagination.ts';
import { CHANGES_PAGE_SIZE } from './review-changes.ts';
import type { PartReview, ReturnReview } from './review.ts';

/** ?page=N as a whole number from 1; anything else is page 1. */
export function pageNumber(value: unknown): number {
  const text = String(value ?? '');
  return /^\d{1,6}$/.test(text) && Number(text) > 0 ? Number(text) : 1;
}

/** "3: replaced (2 → 3)", "2: kept from the return submitted …" or "3: new", for the review's summary of each part. */
function partText(name: 'worker' | 'vacancy', part: PartReview): { text: string; keptOn: string | null } {
  if (part.carried)
    return part.before === null
      ? { text: `${part.after}: new`, keptOn: null }
      : { text: `${part.after}: replaced (${part.before} → ${part.after})`, keptOn: null };
  if (part.keptFrom) return { text: `${part.after}: kept`, keptOn: part.keptFrom.submittedAt };
  return {
    text: `0: the file has no ${name} records and there is no return for this census date to keep them from`,
    keptOn: null,
  };
}

export function reviewView(review: ReturnReview, page: number, base: string) {
  const changed = review.changedRecords + review.leftRecords;
  const pages = Math.max(1, Math.ceil(changed / CHANGES_PAGE_SIZE));
  const vacancies = review.parts.vacancies;
  return {
    review,
    workersPart: partText('worker', review.parts.workers),
    vacanciesPart: partText('vacancy', vacancies),
    // Removing vacancies is offered only where there are some to remove, and only as a choice.
    canRemoveVacancies: !vacancies.carried && (vacancies.keptFrom?.records ?? 0) > 0,
    changesPage: Math.min(page, pages),
    changesPages: pages,
    changesFrom: (Math.min(page, pages) - 1) * CHANGES_PAGE_SIZE + 1,
    changesPagination: pagination(Math.min(page, pages), pages, (n) => `${base}?page=${n}#changed-records`),
  };
}
