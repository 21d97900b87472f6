/**
 * markdown-syntax: inline Markdown is markup, not text. Strong and emphasis
 * markers (** __ * _), code backticks, link syntax ("[text](url)" keeps
 * "text") and HTML comments are removed, each removal recorded. Runs until nothing changes, so
 * nested markup ("***both***") goes too.
 */
import type { Edit } from '../../schemas/edit.js';
import { replaceRecorded, type Recorded } from './edits.js';

const INLINE = new RegExp(
  [
    String.raw`\*\*(?<strong>(?=\S)[^]+?(?<=\S))\*\*`,
    String.raw`(?<![\p{L}\p{N}_])__(?<strong2>(?=\S)[^]+?(?<=\S))__(?![\p{L}\p{N}_])`,
    String.raw`(?<![\p{L}\p{N}*])\*(?<em>(?=[^\s*])[^*]+?(?<=[^\s*]))\*(?![\p{L}\p{N}*])`,
    String.raw`(?<![\p{L}\p{N}_])_(?<em2>(?=[^\s_])[^_]+?(?<=[^\s_]))_(?![\p{L}\p{N}_])`,
    String.raw`\x60(?<code>(?=[^\x60\s])[^\x60]*?(?<=\S))\x60`,
    // A comment goes with one space beside it, so none is left doubled or at an end.
    String.raw`^<!--[^]*?--> ?| ?<!--[^]*?-->`,
    String.raw`!?\[(?<link>(?=[^\]^\s])[^\]]*?(?<=\S))\]\([^()\s]+(?:\s+"[^"]*")?\)`,
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
