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
}

export const KNOWN_LAYOUT_DEFECTS: KnownLayoutDefect[] = [
  // "Your account · Sign out" in the header is white on white on every signed-in page.
  {
    issue: '10.10',
    kind: /./,
    problem: /^color-contrast undecided: .* 1:1 contrast .* "(Your account · Sign out|Your account|Sign out)"$/,
  },
  // Pages wider than the viewport; their tables are to scroll inside their own region.
  { issue: '10.12', kind: /^\/workforce\/profile\/projections/, problem: /^sideways scroll/ },
];

export function knownDefect(kind: string, problem: string): KnownLayoutDefect | undefined {
  return KNOWN_LAYOUT_DEFECTS.find((defect) => defect.kind.test(kind) && defect.problem.test(problem));
}

/** Defects in the list that no check met in this process, for the crawler to fail on. */
export const defectsSeen = new Set<KnownLayoutDefect>();
