/**
 * A JSON file checked against a zod schema, every mistake placed by line and
 * column: jsonc-parser's syntax tree keeps the offsets that JSON.parse throws
 * away. pipeline.config.json and every source.json are read this way.
 */
import { closest, distance } from 'fastest-levenshtein';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type * as z from 'zod';

export interface JsonProblem {
  message: string;
  /** 1-based; columns count code points. */
  line: number;
  column: number;
}

/** 1-based line and column (in code points) of a UTF-16 offset. */
export function placeOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}

/** The closest of `candidates` to `word`, when it is close enough to be what was meant. */
export function suggestion(word: string, candidates: readonly string[]): string | null {
  if (candidates.length === 0) return null;
  const best = closest(word, [...candidates]);
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

/** jsonc-parser's error codes, said plainly. */
const SYNTAX: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a field name in double quotes was expected (a comma too many?)',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'the file goes on after the JSON object',
  InvalidCommentToken: 'JSON has no comments',
  UnexpectedEndOfComment: 'JSON has no comments',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut short',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape in a string',
  InvalidCharacter: 'a control character in a string',
};

const pathName = (path: readonly PropertyKey[]) => path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '') || '(top level)';

/** Equal keys in one object: JSON.parse keeps the last without a word. */
function duplicateKeys(node: Node, out: Node[]): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const key = property.children?.[0];
      if (key?.type === 'string') {
        if (seen.has(key.value as string)) out.push(key);
        seen.add(key.value as string);
      }
    }
  }
  for (const child of node.children ?? []) duplicateKeys(child, out);
}

/**
 * The parsed value, or every problem (a syntax error is one: what follows it cannot be read).
 * `keys` are the top-level fields, from which an unknown field gets its "did you mean".
 */
export function checkJson<T>(text: string, schema: z.ZodType<T>, keys: readonly string[]): { data: T; root: Node } | { problems: JsonProblem[] } {
  const at = (offset: number, message: string): JsonProblem => ({ message, ...placeOf(text, offset) });
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length || !root) {
    const first = errors[0];
    const why = first ? (SYNTAX[printParseErrorCode(first.error)] ?? printParseErrorCode(first.error)) : 'the file is empty';
    return { problems: [at(first?.offset ?? 0, `Not valid JSON: ${why}`)] };
  }
  const duplicates: Node[] = [];
  duplicateKeys(root, duplicates);
  if (duplicates.length) return { problems: duplicates.map((key) => at(key.offset, `Field "${String(key.value)}" is given twice; give it once`)) };
  const parsed = schema.safeParse(JSON.parse(text));
  if (parsed.success) return { data: parsed.data, root };
  const node = (path: readonly PropertyKey[]) => findNodeAtLocation(root, path as (string | number)[]);
  return {
    problems: parsed.error.issues.flatMap((issue): JsonProblem[] => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => {
          const close = issue.path.length === 0 ? suggestion(key, keys) : null;
          const where = issue.path.length ? ` in \`${pathName(issue.path)}\`` : '';
          const offset = node([...issue.path, key])?.parent?.children?.[0]?.offset ?? root.offset;
          return at(offset, `Unknown field "${key}"${where}${close ? `; did you mean "${close}"?` : issue.path.length ? '' : `; the fields are ${keys.join(', ')}`}`);
        });
      }
      const value = node(issue.path);
      if (!value && issue.code === 'invalid_type') {
        const parent = node(issue.path.slice(0, -1));
        return [at(parent?.offset ?? root.offset, `\`${pathName(issue.path)}\` is missing (expected ${issue.expected})`)];
      }
      const got = value ? text.slice(value.offset, value.offset + value.length) : 'nothing';
      return [at(value?.offset ?? root.offset, `\`${pathName(issue.path)}\`: ${issue.message}, got ${got.length > 60 ? `${got.slice(0, 60)}…` : got}`)];
    }),
  };
}
