/** Turns one raw cell (CSV text, XLSX value or JSON value) into a typed value of the data standard. */
import { ETHNICITIES, normaliseName } from './standard.ts';
import type { Code, FieldSpec } from './standard.ts';

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
    if (codes === ETHNICITIES) for (const e of ETHNICITIES) if (e.onsCode !== null) index.set(String(e.onsCode), e.code);
    codeIndexes.set(codes, index);
  }
  return index;
}

const seen = new WeakMap<readonly Code[], Map<string, string | null>>();
/** The code for a code, label or synonym (case, spaces and punctuation ignored), or undefined. */
export function findCode(codes: readonly Code[], value: string): string | undefined {
  let cache = seen.get(codes);
  if (!cache) seen.set(codes, (cache = new Map()));
  const known = cache.get(value);
  if (known !== undefined) return known ?? undefined;
  const code = codeIndex(codes).get(normaliseName(value));
  if (cache.size < 5000) cache.set(value, code ?? null); // values repeat: remember what each spelling means
  return code;
}

/** Cell text as the user typed it: for reports and messages. */
export function cellText(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'string') return raw.trim();
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? '' : raw.toISOString().slice(0, 10);
  if (typeof raw === 'object') {
    const cell = raw as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(cell.richText)) return cell.richText.map((r) => r.text).join('').trim();
    if ('result' in cell) return cellText(cell.result);
    if ('text' in cell) return cellText(cell.text);
    if ('error' in cell) return String(cell.error);
  }
  return String(raw as string).trim();
}

/** Unwraps XLSX formula results and rich text so that numbers and dates keep their type. */
export function cellValue(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && !(raw instanceof Date)) {
    const cell = raw as { result?: unknown };
    if ('result' in cell) return cellValue(cell.result);
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
  return !(year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 || day > (month === 2 && leap ? 29 : DAYS[month - 1]));
}
function isoDate(year: number, month: number, day: number): string | null {
  if (!realDate(year, month, day)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
const isDigits = (date: string): boolean => {
  for (let i = 0; i < 10; i++) { const c = date.charCodeAt(i); if ((c < 48 || c > 57) && i !== 4 && i !== 7) return false; }
  return true;
};
export function parseDate(raw: unknown): string | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  if (typeof raw === 'number') {
    return raw > 0 && raw < 100000 ? new Date(EXCEL_EPOCH + Math.floor(raw) * 86_400_000).toISOString().slice(0, 10) : null;
  }
  const text = cellText(raw);
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45 && isDigits(text)) { // YYYY-MM-DD, the usual case
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

/** Why a value could not be read; parseField returns it instead of a value. */
export class FieldFailure {
  readonly kind: string;
  readonly advice: string;
  constructor(kind: string, advice: string) { this.kind = kind; this.advice = advice; }
}
const TOO_LONG = new Map<number, FieldFailure>();
const INVALID_CODE = new FieldFailure('invalid_code', 'use a code or label from the data standard');
const INVALID_YES_NO = new FieldFailure('invalid_code', 'use yes or no');
const INVALID_NUMBER = new FieldFailure('invalid_number', 'enter a number');
const INVALID_INTEGER = new FieldFailure('invalid_number', 'enter a whole number');
const INVALID_DATE = new FieldFailure('invalid_date', 'enter a real date as YYYY-MM-DD, for example 2024-09-30');

/** The typed value of one cell, null when blank, or a FieldFailure. Called for every cell: kept allocation-free. */
export function parseField(spec: FieldSpec, raw: unknown): unknown {
  const value = typeof raw === 'string' ? raw.trim() : cellValue(raw);
  if (value === '' || value === null || value === undefined || (typeof value !== 'string' && isBlank(value))) return null;
  switch (spec.type) {
    case 'text': {
      const text = typeof value === 'string' ? value : cellText(value);
      if (spec.maxLength && text.length > spec.maxLength) {
        let failure = TOO_LONG.get(spec.maxLength);
        if (!failure) TOO_LONG.set(spec.maxLength, (failure = new FieldFailure('too_long', `shorten it to ${spec.maxLength} characters or fewer`)));
        return failure;
      }
      return text;
    }
    case 'code':
      return findCode(spec.codes ?? [], typeof value === 'string' ? value : cellText(value)) ?? INVALID_CODE;
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const code = findCode(spec.codes ?? [], typeof value === 'string' ? value : cellText(value));
      return code === undefined ? INVALID_YES_NO : code === 'yes';
    }
    case 'number':
    case 'integer': {
      const n = parseNumber(value);
      if (n === null) return spec.type === 'integer' ? INVALID_INTEGER : INVALID_NUMBER;
      if (spec.type === 'integer' && !Number.isInteger(n)) return INVALID_INTEGER;
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        return new FieldFailure('out_of_range', `enter a number between ${spec.min} and ${spec.max}`);
      }
      return n;
    }
    case 'date':
      return parseDate(value) ?? INVALID_DATE;
  }
}
