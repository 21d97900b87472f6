/**
 * A published dataset folder: what its metadata records (datapackage.json,
 * provenance.json, croissant.json), what its files hold (every table file
 * counted), and whether SHA256SUMS still vouches for them.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { tables } from '../../schemas/tables.js';
import { checkSums, checksumsOk, SUMS_FILE } from '../checksums.js';
import { CARD_FILE, CHART_FILE, CITATION_FILE, CROISSANT_FILE, REJECTED_FILE } from '../metadata/files.js';
import { writers } from '../writers/index.js';
import type { Format } from '../writers/writer.js';
import { readTable, shownPath } from './read.js';
import { InspectError, type InspectedColumn, type InspectedDataset, type InspectedTable } from './report.js';

const DATAPACKAGE_FILE = 'datapackage.json';
const PROVENANCE_FILE = 'provenance.json';

const ABOUT: Record<string, string> = {
  [CARD_FILE]: 'dataset card',
  [CITATION_FILE]: 'how to cite (Citation File Format)',
  [CROISSANT_FILE]: 'Croissant metadata',
  [DATAPACKAGE_FILE]: 'Frictionless Data Package',
  [PROVENANCE_FILE]: 'provenance: inputs, options, counts, messages',
  [REJECTED_FILE]: 'inputs left out, one row per error',
  [CHART_FILE]: 'chart of paragraph lengths',
  [SUMS_FILE]: 'checksums (sha256sum -c SHA256SUMS)',
};

/** The sample comes from JSON Lines when there is one: it is what was written, value for value. */
const SAMPLE_ORDER: readonly Format[] = ['jsonl', 'parquet', 'arrow', 'csv'];

/** Table Schema types back to the contract's (metadata/table-schema.ts maps them the other way). */
const CONTRACT_TYPES: Record<string, string> = { string: 'string', integer: 'int32', date: 'date', array: 'json' };

// Metadata written by the pipeline, read defensively: a file edited by hand must not crash inspect.
type Json = Record<string, unknown> | null | undefined;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? (x as Json) : null)) : []);
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);

/** The columns of a datapackage.json resource, with the contract's types. */
export function describedColumns(datapackage: Json, path: string): InspectedColumn[] | null {
  const resource = list(datapackage?.resources).find((r) => r?.path === path);
  const fields = list(obj(resource?.schema)?.fields);
  if (!resource || fields.length === 0) return null;
  return fields.map((f) => {
    const type = str(f?.type);
    return { name: str(f?.name) ?? '', type: type === null ? null : (CONTRACT_TYPES[type] ?? type), nullable: obj(f?.constraints)?.required !== true };
  });
}

export async function readJson(path: string, problems: string[]): Promise<Json> {
  try {
    return obj(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    problems.push(`${basename(path)} cannot be read as JSON`);
    return null;
  }
}

export function rightsOf(dp: Json, provenance: Json, croissant: Json): InspectedDataset['rights'] {
  const licenses = list(dp?.licenses).map((l) => ({ name: str(l?.name) ?? '', title: str(l?.title), path: str(l?.path) }));
  const holder = str(list(dp?.contributors).find((c) => Array.isArray(c?.roles) && c.roles.includes('rightsHolder'))?.title);
  const warned = list(provenance?.messages).some((m) => m?.rule === 'rights/not-open');
  // Non-commercial and no-derivatives licences are not open (Open Definition), whatever else says so.
  const open = licenses.length > 0 && !warned && !licenses.some((l) => l.name === 'other-closed' || /(^|-)(nc|nd)(-|$)/i.test(l.name));
  // croissant.json's description ends with "… Rights holder: <holder>. <statement>" (metadata/rights.ts).
  const description = str(croissant?.description);
  const marker = `Rights holder: ${holder}. `;
  const closedTitle = licenses.find((l) => l.name === 'other-closed')?.title;
  const statement =
    holder && description?.includes(marker)
      ? description.slice(description.lastIndexOf(marker) + marker.length)
      : closedTitle?.startsWith('Not an open licence. ')
        ? closedTitle.slice('Not an open licence. '.length)
        : null;
  return { open, licenses, holder, statement };
}

async function tableOf(dir: string, name: string, names: readonly string[], dp: Json, sample: number, problems: string[]): Promise<InspectedTable | null> {
  const present = writers.filter((w) => names.includes(`${name}.${w.extension}`));
  if (present.length === 0) return null;
  const sampled = SAMPLE_ORDER.find((f) => present.some((w) => w.format === f))!;
  const table: InspectedTable = { name, rows: null, files: [], columns: [], sample_from: null, sample: [] };
  for (const writer of present) {
    const path = `${name}.${writer.extension}`;
    const described = describedColumns(dp, path);
    if (table.files.length === 0) {
      if (described) table.columns = described;
      else if (dp) problems.push(`${DATAPACKAGE_FILE} does not describe ${path}`);
    }
    const file = { format: writer.format, path, bytes: (await stat(join(dir, path))).size, rows: null as number | null };
    table.files.push(file);
    try {
      const read = await readTable(join(dir, path), writer.format, writer.format === sampled ? sample : 0, described);
      file.rows = read.rows;
      if (writer.format === sampled) [table.sample_from, table.sample] = [path, read.sample];
    } catch (error) {
      if (!(error instanceof InspectError)) throw error;
      problems.push(error.message);
    }
  }
  table.rows = table.files.find((f) => f.rows !== null)?.rows ?? null;
  if (table.files.some((f) => f.rows !== null && f.rows !== table.rows)) {
    problems.push(`The ${name} files disagree on the row count: ${table.files.map((f) => `${f.path} ${f.rows ?? '?'}`).join(', ')}`);
  }
  return table;
}

export async function inspectDataset(dir: string, sample: number): Promise<InspectedDataset> {
  const shown = shownPath(dir);
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
  if (!names.includes(SUMS_FILE) && !names.includes(DATAPACKAGE_FILE)) {
    throw new InspectError('verify/not-a-dataset', shown, `${shown} is not a dataset folder: it has neither ${SUMS_FILE} nor ${DATAPACKAGE_FILE}. Give the folder of one dataset (e.g. output/governance-of-china), or one of its table files.`);
  }
  const problems: string[] = [];
  const dp = await readJson(join(dir, DATAPACKAGE_FILE), problems);
  const provenance = await readJson(join(dir, PROVENANCE_FILE), problems);
  const croissant = await readJson(join(dir, CROISSANT_FILE), problems);
  if (!dp) problems.push(`There is no ${DATAPACKAGE_FILE}: columns and rights cannot be told`);
  if (!provenance) problems.push(`There is no ${PROVENANCE_FILE}: the build and its inputs cannot be told`);

  const found: InspectedTable[] = [];
  for (const { name } of tables) {
    const table = await tableOf(dir, name, names, dp, sample, problems);
    if (!table) continue;
    found.push(table);
    const recorded = obj(provenance?.rows)?.[name];
    if (typeof recorded === 'number' && table.rows !== null && recorded !== table.rows) {
      problems.push(`${PROVENANCE_FILE} records ${recorded} ${name} rows; the files hold ${table.rows}`);
    }
  }
  const inTables = new Set(found.flatMap((t) => t.files.map((f) => f.path)));
  const files: InspectedDataset['files'] = [];
  for (const path of names.filter((n) => !inTables.has(n))) {
    const file: InspectedDataset['files'][number] = { path, bytes: (await stat(join(dir, path))).size, about: ABOUT[path] ?? 'not a file the pipeline writes' };
    if (path === REJECTED_FILE) {
      try {
        file.rows = (await readTable(join(dir, path), 'jsonl', 0, null)).rows;
      } catch (error) {
        if (!(error instanceof InspectError)) throw error;
        problems.push(error.message);
      }
    }
    files.push(file);
  }

  const sums = await checkSums(dir);
  const pipeline = obj(provenance?.pipeline);
  const inputs = Array.isArray(provenance?.inputs) ? list(provenance.inputs) : null;
  return {
    kind: 'dataset',
    path: shown,
    name: str(dp?.name) ?? basename(resolve(dir)),
    title: str(dp?.title),
    version: str(dp?.version),
    description: str(dp?.description),
    rights: rightsOf(dp, provenance, croissant),
    pipeline: str(pipeline?.name) && str(pipeline?.version) ? { name: str(pipeline?.name)!, version: str(pipeline?.version)!, git_commit: str(pipeline?.git_commit) } : null,
    contract_version: str(provenance?.contract_version),
    created: str(obj(provenance?.build)?.created) ?? str(dp?.created),
    inputs: inputs && {
      total: inputs.length,
      published: inputs.filter((i) => i?.status === 'published').length,
      rejected: inputs.filter((i) => i?.status === 'rejected').length,
    },
    tables: found,
    files,
    checksums: {
      ok: checksumsOk(sums),
      found: sums.found,
      listed: sums.listed,
      mismatched: sums.mismatched.map((m) => m.path),
      missing: sums.missing.map((m) => m.path),
      unlisted: sums.unlisted,
      malformed_lines: sums.malformed.map((m) => m.line),
    },
    problems,
  };
}
