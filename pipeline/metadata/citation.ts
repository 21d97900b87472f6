/** How to cite a dataset: a BibTeX entry (croissant.json `citeAs`, the card) and CITATION.cff (Citation File Format 1.2.0). */
import { stringify } from 'yaml';
import type { SourceConfig } from '../../schemas/source.js';
import { licenseUrl, rightsSentence } from './rights.js';
import type { DatasetSummary } from './summary.js';

/** Text safe inside a braced BibTeX value: the characters LaTeX treats specially are escaped. */
export function bibtexText(s: string): string {
  return s.replace(/[\\{}&%$#_~^]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`,
  );
}

/** A URL safe inside `\url{…}`: the url package copes with every character but unbalanced braces and backslashes. */
export const bibtexUrl = (url: string) => url.replace(/[{}\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function citeAs(config: SourceConfig, summary: DatasetSummary): string {
  const fields: [string, string][] = [
    // Braces keep the title's capitals in styles that lower-case titles.
    ['title', `{${bibtexText(config.title)}}`],
    // Double braces: an organisation's name is not split into first and last names.
    ['author', config.creators.map((c) => `{${bibtexText(c.name)}}`).join(' and ')],
    ...(summary.datePublished ? ([['year', summary.datePublished.slice(0, 4)]] as [string, string][]) : []),
    ['version', bibtexText(config.version)],
    // Only the dataset's own page: the page the texts come from is named in the note.
    ...(config.url ? ([['howpublished', `\\url{${bibtexUrl(config.url)}}`]] as [string, string][]) : []),
    ['note', bibtexText(`Texts published by ${config.origin.publisher}, ${config.origin.url}. ${rightsSentence(config)}`)],
  ];
  const width = Math.max(...fields.map(([k]) => k.length));
  return `@misc{${config.name}-${config.version},\n${fields.map(([k, v]) => `  ${k.padEnd(width)} = {${v}}`).join(',\n')}\n}`;
}

export function citationCff(config: SourceConfig, summary: DatasetSummary): string {
  const cff = {
    'cff-version': '1.2.0',
    message: 'If you use this dataset, please cite it as below, and respect the rights of the holder of the texts.',
    type: 'dataset',
    title: config.title,
    version: config.version,
    ...(summary.datePublished ? { 'date-released': summary.datePublished } : {}),
    abstract: config.description,
    authors: config.creators.map((c) => ({ name: c.name, ...(c.url ? { website: c.url } : {}) })),
    ...(config.url ? { url: config.url } : {}),
    keywords: config.keywords,
    // CFF takes SPDX ids only: a source without a licence has none, and its terms are in the reference's notes.
    ...(config.rights.license ? { license: config.rights.license.name, 'license-url': licenseUrl(config)! } : {}),
    references: [
      {
        type: 'website',
        title: `Texts as published by ${config.origin.publisher}`,
        authors: [{ name: config.rights.holder }],
        url: config.origin.url,
        notes: rightsSentence(config),
      },
    ],
  };
  return stringify(cff, { lineWidth: 0 });
}
