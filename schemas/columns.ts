/**
 * Column constructors: each returns a new zod schema (one instance per column,
 * since the registry keys on the instance) registered with the column's
 * documentation and storage kind, so one definition drives validation, the
 * TypeScript types, the Arrow types and the Table Schema.
 */
import * as z from 'zod';

/** How a column is stored: Utf8/Int32/Date32 in Arrow; string/integer/date in Table Schema. */
export type ColumnKind = 'string' | 'int32' | 'date' | 'json';

export interface ColumnMeta {
  description: string;
  kind: ColumnKind;
  nullable: boolean;
  /** XML Schema regular expression the whole value matches (Table Schema `pattern`). */
  pattern?: string;
  /** Most characters the value may have. */
  maxLength?: number;
  /** Inclusive minimum for integers. */
  minimum?: number;
}

export const columnRegistry = z.registry<ColumnMeta>();

const INT32_MAX = 2 ** 31 - 1;

/**
 * Text that every writer and reader keeps unchanged. A lone UTF-16 surrogate
 * is escaped by JSON.stringify but replaced by U+FFFD in CSV and Arrow, so the
 * formats would disagree: reject it. An empty string is not allowed either:
 * a missing value is always null, so no CSV reader can confuse the two.
 */
const wellFormed = () =>
  z
    .string()
    .min(1, 'Expected a non-empty string (a missing value is null)')
    .refine((s) => s.isWellFormed(), { message: 'Text contains a lone UTF-16 surrogate' });

function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const isoDate = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD')
    .refine(isCalendarDate, { message: 'Not a calendar date' });

export function string(description: string, options: { pattern?: string; maxLength?: number } = {}) {
  let schema = wellFormed();
  const meta: ColumnMeta = { description, kind: 'string', nullable: false };
  if (options.pattern !== undefined) {
    schema = schema.regex(new RegExp(`^(?:${options.pattern})$`), `Expected the pattern ${options.pattern}`);
    meta.pattern = options.pattern;
  }
  if (options.maxLength !== undefined) {
    schema = schema.max(options.maxLength);
    meta.maxLength = options.maxLength;
  }
  schema.register(columnRegistry, meta);
  return schema;
}

export function nullableString(description: string) {
  const schema = wellFormed().nullable();
  schema.register(columnRegistry, { description, kind: 'string', nullable: true });
  return schema;
}

export function int32(description: string, options: { minimum?: number } = {}) {
  const minimum = options.minimum ?? 0;
  const schema = z.number().int().min(minimum).max(INT32_MAX);
  schema.register(columnRegistry, { description, kind: 'int32', nullable: false, minimum });
  return schema;
}

export function nullableInt32(description: string, options: { minimum?: number } = {}) {
  const minimum = options.minimum ?? 0;
  const schema = z.number().int().min(minimum).max(INT32_MAX).nullable();
  schema.register(columnRegistry, { description, kind: 'int32', nullable: true, minimum });
  return schema;
}

export function date(description: string) {
  const schema = isoDate();
  schema.register(columnRegistry, { description, kind: 'date', nullable: false });
  return schema;
}

export function nullableDate(description: string) {
  const schema = isoDate().nullable();
  schema.register(columnRegistry, { description, kind: 'date', nullable: true });
  return schema;
}

/** A string holding JSON whose parsed value must satisfy `inner`. */
export function json<T extends z.ZodType>(description: string, inner: T) {
  const schema = wellFormed().superRefine((value, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Not valid JSON' });
      return;
    }
    const result = inner.safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(root)'}: ${issue.message}` });
      }
    }
  });
  schema.register(columnRegistry, { description, kind: 'json', nullable: false });
  return schema;
}

export interface Column {
  name: string;
  meta: ColumnMeta;
}

/** The columns of a table, in schema order, with their documentation. */
export function columnsOf(schema: z.ZodObject): Column[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const meta = columnRegistry.get(field as z.ZodType);
    if (!meta) throw new Error(`Column "${name}" was not declared with a column constructor from schemas/columns.ts`);
    return { name, meta };
  });
}
