/** Turns one raw cell (CSV text, XLSX value or JSON value) into a typed value of the data standard. */
import { unescapeCell } from '../../../lib/spreadsheet.ts';
import { ETHNICITIES, normaliseName } from './standard.ts';
import type { Code } from './standard.ts';
import type { FieldSpec } from './field-specs.ts';

const codeIndexes = new WeakMap<readonly Code[], Map<string, string>>();
function codeIndex(codes: readonly Code[]): Map<string, string> {
  let index = codeIndexes.get(codes);
  if (!index) {
    index = new Map();
    for (const c of codes) {
      for (const name of [c.code, c.label, ...(c.synonyms ?? [])]) {
        const key = normaliseName(name);
        if (!index.has(key)) index.set(key, c.code);
      }
    }
    if (codes === ETHNICITIES)
      for (const e of ETHNICITIES) if (e.onsCode !== null) index.set(String(e.onsCode), e.code);
    codeIndexes.set(codes, index);
  }
  return index;
}

const seen = new WeakMap<readonly Code[], Map<string, string | null>>();
/** Cell text as the user typed it: for reports and messages. */
export function cellText(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? '' : raw.toISOString().slice(0, 10);
  if (typeof raw === 'object') {
    if ('richText' in raw && Array.isArray(raw.richText))
      return raw.richText
        .map((r: unknown) => (r && typeof r === 'object' && 'text' in r ? String(r.text ?? '') : ''))
        .join('')
        .trim();
    if ('result' in raw) return cellText(raw.result);
    if ('text' in raw) return cellText(raw.text);
    if ('error' in raw) return String(raw.error);
  }
  return String(raw).trim();
}

/** Unwraps XLSX formula results and rich text so that numbers and dates keep their type. */
export function cellValue(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && !(raw instanceof Date)) {
    if ('result' in raw) return cellValue(raw.result);
    return cellText(raw);
  }
  return typeof raw === 'string' ? raw.trim() : raw;
}

export const isBlank = (raw: unknown): boolean => cellText(raw) === '';

/** True for digits with at most one decimal point and an optional leading minus: /^-?(\d+\.?\d*|\.\d+)$/ without a regex. */
function isDecimal(text: string): boolean {
  let digits = 0;
  let points = 0;
  for (let i = text.charCodeAt(0) === 45 ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && points === 0) points++;
    else return false;
  }
  return digits > 0;
}

function parseNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  let text = cellText(raw);
  if (text.includes(',') && /^-?\d+,\d+$/.test(text)) text = text.replace(',', '.'); // decimal comma, e.g. from a semicolon CSV
  if (!isDecimal(text)) return null;
  return Number(text);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function realDate(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return !(
    year < 1900 ||
    year > 2999 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > (month === 2 && leap ? 29 : DAYS[month - 1])
  );
}
function isoDate(year: number, month: number, day: number): string | null {
  if (!realDate(year, month, day)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
const isDigits = (date: string): boolean => {
  for (let i = 0; i < 10; i++) {
    const c = date.charCodeAt(i);
    if ((c < 48 || c > 57) && i !== 4 && i !== 7) return false;
  }
  return true;
};
export function parseDate(raw: unknown): string | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  if (typeof raw === 'number') {
    return raw > 0 && raw < 100000
      ? new Date(EXCEL_EPOCH + Math.floor(raw) * 86_400_000).toISOString().slice(0, 10)
      : null;
  }
  const text = cellText(raw);
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && isDigits(text)) {
    // YYYY-MM-DD, the usual case
    const digit = (i: number) => text.charCodeAt(i) - 48;
    const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    return realDate(year, digit(5) * 10 + digit(6), digit(8) * 10 + digit(9)) ? text : null;
  }
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

/** Why a value could not be read; a field's parser returns it instead of a value. */
export class FieldFailure {
  readonly kind: string;
  readonly advice: string;
  constructor(kind: string, advice: string) {
    this.kind = kind;
    this.advice = advice;
  }
}
const INVALID_CODE = new FieldFailure('invalid_code', 'use a code or label from the data standard');
const INVALID_YES_NO = new FieldFailure('invalid_code', 'use yes or no');
const INVALID_NUMBER = new FieldFailure('invalid_number', 'enter a number');
const INVALID_INTEGER = new FieldFailure('invalid_number', 'enter a whole number');
const INVALID_DATE = new FieldFailure('invalid_date', 'enter a real date as YYYY-MM-DD, for example 2024-09-30');

/** A parser of one field's cells: the typed value, null when blank, or a FieldFailure. */
export type FieldParser = (raw: unknown) => unknown;
/** The same parser for the cell text.slice(start, end), read in place where it can be (no string is made). */
export type CellParser = (text: string, start: number, end: number) => unknown;
export interface FieldParsers {
  value: FieldParser;
  cell: CellParser;
}

/** A cell value that is not a string (XLSX or JSON), unwrapped; null when blank. */
function otherText(raw: unknown): unknown {
  const value = cellValue(raw);
  if (value === '' || value === null || value === undefined || (typeof value !== 'string' && isBlank(value)))
    return null;
  return value;
}

/** True when a cell (not empty) starts and ends with printable ASCII: nothing to trim. */
const plainCell = (text: string, start: number, end: number): boolean => {
  const a = text.charCodeAt(start);
  const b = text.charCodeAt(end - 1);
  return a > 32 && a < 127 && b > 32 && b < 127;
};
/** True when text.slice(start, start + length) is `known` (compared in place: cheaper than startsWith for short text). */
function sameText(known: string, text: string, start: number, length: number): boolean {
  if (known.length !== length) return false;
  for (let i = 0; i < length; i++) if (known.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
/** The cell parser that makes the cell's string and parses that. */
const sliced =
  (value: FieldParser): CellParser =>
  (text, start, end) =>
    start === end ? null : value(text.slice(start, end));

function codeParsers(codes: readonly Code[], failure: FieldFailure, yesNo: boolean): FieldParsers {
  let cache = seen.get(codes);
  if (!cache) seen.set(codes, (cache = new Map()));
  const index = codeIndex(codes);
  const known = cache;
  // Values repeat, often row after row: remember the last one, and what each spelling means.
  let lastText: string | null = null;
  let lastResult: unknown = null;
  const lookup = (text: string): unknown => {
    if (text === lastText) return lastResult;
    let code = known.get(text);
    if (code === undefined) {
      code = index.get(normaliseName(text)) ?? null;
      if (known.size < 5000) known.set(text, code);
    }
    lastText = text;
    lastResult = code === null ? failure : yesNo ? code === 'yes' : code;
    return lastResult;
  };
  const value: FieldParser = (raw) => {
    if (typeof raw === 'string') {
      const text = raw.trim();
      return text === '' ? null : lookup(text);
    }
    const other = otherText(raw);
    if (other === null) return null;
    if (yesNo && typeof other === 'boolean') return other;
    return lookup(typeof other === 'string' ? other : cellText(other));
  };
  // The codes as written in the standard (the usual values), by length and first character, with what each reads as.
  const exact: (unknown[] | null)[] = new Array(1024).fill(null); // dense: a sparse array would be a slow dictionary
  for (const { code } of codes) {
    const key = ((code.length & 31) << 5) | (code.charCodeAt(0) & 31);
    const read = index.get(normaliseName(code)) ?? null;
    (exact[key] ??= []).push(code, read === null ? failure : yesNo ? read === 'yes' : read);
  }
  const cell: CellParser = (text, start, end) => {
    if (start === end) return null;
    if (!plainCell(text, start, end)) return value(text.slice(start, end));
    const length = end - start;
    const candidates = exact[((length & 31) << 5) | (text.charCodeAt(start) & 31)];
    if (candidates !== null) {
      for (let i = 0; i < candidates.length; i += 2) {
        if (sameText(candidates[i] as string, text, start, length)) return candidates[i + 1];
      }
    }
    if (lastText !== null && sameText(lastText, text, start, length)) return lastResult;
    return lookup(text.slice(start, end));
  };
  return { value, cell };
}

function textParsers(maxLength: number | undefined): FieldParsers {
  const failure = maxLength ? new FieldFailure('too_long', `shorten it to ${maxLength} characters or fewer`) : null;
  const value: FieldParser = (raw) => {
    let text: string;
    if (typeof raw === 'string') text = raw.trim();
    else {
      const other = otherText(raw);
      if (other === null) return null;
      text = typeof other === 'string' ? other : cellText(other);
    }
    if (text === '') return null;
    text = unescapeCell(text);
    return failure !== null && maxLength !== undefined && text.length > maxLength ? failure : text;
  };
  return { value, cell: sliced(value) };
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => Number(`1e${i}`));
/**
 * A cell of digits with at most one point and an optional leading minus, at most 15 digits: its value, exactly
 * as Number() reads it (both operands are exact, and division rounds correctly). Otherwise NaN.
 */
function simpleNumber(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let point = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (point) decimals++;
    } else if (c === 46 && !point) point = true;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const n = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals];
  return negative ? -n : n;
}

function numberParsers(spec: FieldSpec): FieldParsers {
  const integer = spec.type === 'integer';
  const invalid = integer ? INVALID_INTEGER : INVALID_NUMBER;
  const min = spec.min ?? -Infinity;
  const max = spec.max ?? Infinity;
  const range = spec.min !== undefined || spec.max !== undefined;
  const outOfRange = new FieldFailure('out_of_range', `enter a number between ${spec.min} and ${spec.max}`);
  const check = (n: number | null): unknown => {
    if (n === null || (integer && !Number.isInteger(n))) return invalid;
    if (range && (n < min || n > max)) return outOfRange;
    return n;
  };
  let lastText: string | null = null;
  let lastResult: unknown = null;
  const value: FieldParser = (raw) => {
    if (typeof raw !== 'string') {
      const other = otherText(raw);
      return other === null ? null : check(parseNumber(other));
    }
    const text = raw.trim();
    if (text === '') return null;
    if (text !== lastText) {
      lastText = text;
      lastResult = check(parseNumber(text));
    }
    return lastResult;
  };
  const cell: CellParser = (text, start, end) => {
    if (start === end) return null;
    if (plainCell(text, start, end)) {
      const n = simpleNumber(text, start, end);
      if (!Number.isNaN(n)) return check(n);
    }
    return value(text.slice(start, end));
  };
  return { value, cell };
}

const dateParser: FieldParser = (raw) => {
  if (typeof raw === 'string') {
    const text = raw.trim();
    return text === '' ? null : (parseDate(text) ?? INVALID_DATE);
  }
  const value = otherText(raw);
  return value === null ? null : (parseDate(value) ?? INVALID_DATE);
};

function buildParsers(spec: FieldSpec): FieldParsers {
  switch (spec.type) {
    case 'text':
      return textParsers(spec.maxLength);
    case 'code':
      return codeParsers(spec.codes ?? [], INVALID_CODE, false);
    case 'boolean':
      return codeParsers(spec.codes ?? [], INVALID_YES_NO, true);
    case 'number':
    case 'integer':
      return numberParsers(spec);
    case 'date':
      return { value: dateParser, cell: sliced(dateParser) };
  }
}

const parsers = new WeakMap<FieldSpec, FieldParsers>();
/** The parsers for one field, built once per field: called for every cell, so kept allocation-free. */
export function fieldParsers(spec: FieldSpec): FieldParsers {
  let built = parsers.get(spec);
  if (!built) parsers.set(spec, (built = buildParsers(spec)));
  return built;
}
