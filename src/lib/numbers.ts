/**
 * Numbers as the pages write them (en-GB: 1,234 and 12.5). The formatters are made once:
 * `toLocaleString` builds a new one on every call, which the busiest pages paid per cell.
 */
const WHOLE = new Intl.NumberFormat('en-GB');
const ONE_PLACE = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 1,234 (and up to three decimal places, as `toLocaleString('en-GB')` writes them). */
export const formatNumber = (value: number): string => WHOLE.format(value);

/** 1,234.5: always one decimal place. */
export const formatOnePlace = (value: number): string => ONE_PLACE.format(value);

const TWO_PLACES = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 1,234.50: always two decimal places (money in pounds). */
export const formatTwoPlaces = (value: number): string => TWO_PLACES.format(value);
