/** Reading a generated dataset card: its front matter and the snippets it prints. */
import { parse } from 'yaml';

export function cardFrontMatter(card: string): Record<string, unknown> {
  const m = card.match(/^---\n([\s\S]*?)\n---\n/);
  if (!m) throw new Error('the card has no front matter');
  return parse(m[1]!) as Record<string, unknown>;
}

/** The code of the fenced block after `<!-- snippet: id -->`, exactly as printed. */
export function cardSnippet(card: string, id: string): string {
  const m = card.match(new RegExp(`<!-- snippet: ${id} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\`\\n`));
  if (!m) throw new Error(`the card has no snippet "${id}"`);
  return m[1]!;
}

/** SQL statements of a script, split at the semicolons that end a line; comments stay with their statement. */
export function sqlStatements(script: string): string[] {
  return script
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.replace(/--.*$/gm, '').trim().length > 0);
}
