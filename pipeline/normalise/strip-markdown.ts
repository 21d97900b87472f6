/**
 * markdown-syntax: inline Markdown is markup, not text. Strong and emphasis
 * markers (** __ * _), code backticks, link syntax ("[text](url)" keeps
 * "text") and HTML comments are removed, each removal recorded. Runs until nothing changes, so
 * nested markup ("***both***") goes too.
 */
import type { Edit } from '../../schemas/edit.js';
import { replaceRecorded, type Recorded } from './edits.js';

// White space as Markdown knows it. Not \s, which also holds U+FEFF: a stray U+FEFF before a closing "*" would
// keep the markup until remove-zero-width took it away, and a second normalisation would then strip it.
const WS = String.raw`\t-\r\p{Zs}\u2028\u2029\u0085`;

const INLINE = new RegExp(
  [
    String.raw`\*\*(?<strong>(?=[^${WS}])[^]+?(?<=[^${WS}]))\*\*`,
    String.raw`(?<![\p{L}\p{N}_])__(?<strong2>(?=[^${WS}])[^]+?(?<=[^${WS}]))__(?![\p{L}\p{N}_])`,
    String.raw`(?<![\p{L}\p{N}*])\*(?<em>(?=[^${WS}*])[^*]+?(?<=[^${WS}*]))\*(?![\p{L}\p{N}*])`,
    String.raw`(?<![\p{L}\p{N}_])_(?<em2>(?=[^${WS}_])[^_]+?(?<=[^${WS}_]))_(?![\p{L}\p{N}_])`,
    String.raw`\x60(?<code>(?=[^\x60${WS}])[^\x60]*?(?<=[^${WS}]))\x60`,
    // A comment goes with one space beside it, so none is left doubled or at an end.
    String.raw`^<!--[^]*?--> ?| ?<!--[^]*?-->`,
    String.raw`!?\[(?<link>(?=[^\]^${WS}])[^\]]*?(?<=[^${WS}]))\]\([^()${WS}]+(?:[${WS}]+"[^"]*")?\)`,
  ].join('|'),
  'gu',
);

export function stripMarkdown(input: string): Recorded {
  let text = input;
  const edits: Edit[] = [];
  for (let pass = 0; pass < 4; pass++) {
    const r = replaceRecorded(text, INLINE, 'markdown-syntax', (m) => {
      const g = m.groups!;
      // An HTML comment leaves nothing.
      return m[0].trimStart().startsWith('<!--') ? '' : (g.strong ?? g.strong2 ?? g.em ?? g.em2 ?? g.code ?? g.link ?? m[0]);
    });
    if (r.edits.length === 0) break;
    text = r.text;
    for (const e of r.edits) edits.push(e);
  }
  return { text, edits };
}
