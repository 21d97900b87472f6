/** ASCII slugs for identifiers: [a-z0-9-], never empty, never longer than asked. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Small words that make a cut-off id read badly ("…-relationship-a"). */
const DANGLING = /(?:-(?:a|an|the|of|and|or|to|in|on|for|with|at|by|from))+$/;

/** Cuts a slug to at most `max` characters, at a hyphen when there is one in reach, without a dangling small word. */
export function truncateSlug(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const hyphen = cut.lastIndexOf('-');
  const out = (hyphen > 0 ? cut.slice(0, hyphen) : slug.slice(0, max)).replace(/-+$/, '');
  return out.replace(DANGLING, '') || out;
}
