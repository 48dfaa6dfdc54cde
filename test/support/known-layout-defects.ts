/*
 * Accessibility problems the browser checks find today that another branch is fixing (issue 10).
 * A problem listed here is reported as a diagnostic instead of failing the test. Empty this list
 * when the fixes are merged: a listed defect that no page shows any more fails the crawler, so the
 * list cannot outlive the defects.
 */
export interface KnownLayoutDefect {
  /** The point of the issue that fixes it, e.g. "10.12". */
  issue: string;
  /** Page kinds it appears on, as test/support/accessibility.ts's pageKind names them. */
  kind: RegExp;
  /** The problem's text, as the check reports it. */
  problem: RegExp;
  /** The viewport width it appears at; any width if not given. */
  width?: number;
}

export const KNOWN_LAYOUT_DEFECTS: KnownLayoutDefect[] = [
  // "Your account · Sign out" in the header is white on white on every signed-in page.
  {
    issue: '10.10',
    kind: /./,
    problem: /^color-contrast undecided: .* 1:1 contrast .* "(Your account · Sign out|Your account|Sign out)"$/,
  },
  // At 390 px every page with a wide table scrolls sideways (results 774 px, returns, users, audit,
  // organisations, rounds, framework, standard, …), and axe cannot decide the contrast of the cells
  // pushed under their neighbours. Wide tables are to scroll inside their own labelled region.
  {
    issue: '10.12',
    width: 390,
    kind: /./,
    problem:
      /^sideways scroll|^color-contrast undecided: .*partially (obscured by another element|overlaps other elements)/,
  },
  // Too wide at desktop width as well.
  { issue: '10.12', kind: /^\/workforce\/profile\/projections/, problem: /^sideways scroll/ },
  // A new token's curl example, in a <pre>, runs past the page (1384 px at 1280) and under its neighbours.
  {
    issue: '10.12',
    kind: /^\/account\/tokens$/,
    problem: /^sideways scroll|^color-contrast undecided: .*partially obscured .* — pre > code "curl /,
  },
];

export function knownDefect(kind: string, width: number, problem: string): KnownLayoutDefect | undefined {
  return KNOWN_LAYOUT_DEFECTS.find(
    (defect) => (defect.width ?? width) === width && defect.kind.test(kind) && defect.problem.test(problem),
  );
}

/** Defects in the list that no check met in this process, for the crawler to fail on. */
export const defectsSeen = new Set<KnownLayoutDefect>();
