/** Documentation rendered from the code, so it cannot drift: the message catalogue and the data contract. */
import * as z from 'zod';
import { ProjectConfig } from '../../schemas/config.js';
import { METADATA_KEY } from '../writers/arrow.js';
import { inputRules, runRules, type RuleDef } from '../messages.js';
import { CONTRACT_CHANGES, CONTRACT_VERSION, tables } from '../../schemas/tables.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const ruleRows = (rules: Record<string, RuleDef>) =>
  Object.entries(rules).map(([id, d]) => `| \`${id}\` | ${d.level} | ${cell(d.title)} | ${cell(d.description)} | ${cell(d.hint)} |`);

export function renderMessages(): string {
  const header = ['| rule | level | title | what it means | what to do |', '|---|---|---|---|---|'];
  return [
    '# Messages',
    '',
    '<!-- Generated from pipeline/messages.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'Every message the pipeline can emit. The rule id is stable: filter on it.',
    '',
    'Reports look like a linter\'s: `path:line:column (byte N)  level  message  rule-id`, then the hint. Lines and columns are 1-based; columns count Unicode code points; byte offsets are 0-based offsets into the raw file. `--json` gives the same fields (`file`, `line`, `column`, `byte_offset`, `level`, `message`, `rule`, `hint`, `stage`).',
    '',
    '## About the inputs',
    '',
    'Placed at a raw file or a `source.json`, and recorded in the dataset\'s `provenance.json`. An `error` keeps the file out of the dataset (it is listed in `rejected.jsonl`, and the build exits 1); a `warning` is reported and the file is published (with `--strict`, the build exits 1 all the same); an `info` is shown by `validate --verbose` and recorded.',
    '',
    ...header,
    ...ruleRows(inputRules),
    '',
    '## About the run',
    '',
    'Printed by the command line (on stderr, and in the `messages` of `--json`), never published: usage and configuration mistakes (exit 2), the output folder (exit 74), bugs (exit 70), interrupts (exit 130 or 143) and what `verify` and `inspect` find (exit 1, or 2 when there is nothing to check).',
    '',
    ...header,
    ...ruleRows(runRules),
    '',
  ].join('\n');
}

const KIND = { string: 'string', int32: 'int32', date: 'date (YYYY-MM-DD; DATE in Parquet, Date32 in Arrow)', json: 'string (JSON)' } as const;

export function renderContract(): string {
  const out = [
    `# The data contract (v${CONTRACT_VERSION})`,
    '',
    '<!-- Generated from schemas/*.ts by `npm run docs`; do not edit by hand. -->',
    '',
    'One dataset per source folder, in `output/<source-folder>/`, with the same tables, columns, order and values in Parquet (`.parquet`), JSON Lines (`.jsonl`), CSV (`.csv`) and Arrow IPC file (`.arrow`). A missing value is always null, never an empty string.',
    '',
    `The Arrow and Parquet files carry one file-level metadata key, \`${METADATA_KEY}\`, whose value is a JSON object: \`dataset\`, \`table\`, \`pipeline\`, \`pipeline_version\`, \`contract_version\`. Each Arrow field (and the Arrow schema embedded in each Parquet file) has its column's description as the field metadata \`description\`.`,
    '',
  ];
  for (const t of tables) {
    out.push(`## ${t.name}`, '', t.description, '', `Primary key: \`${t.primaryKey}\`.${t.foreignKeys.map((fk) => ` \`${fk.field}\` references \`${fk.table}.${fk.field_in_table}\`.`).join('')}`, '');
    out.push('| column | type | nullable | description |', '|---|---|---|---|');
    for (const c of t.columns) out.push(`| \`${c.name}\` | ${KIND[c.meta.kind]} | ${c.meta.nullable ? 'yes' : 'no'} | ${cell(c.meta.description)}${c.meta.pattern ? ` Pattern: \`${cell(c.meta.pattern)}\`.` : ''} |`);
    out.push('');
  }
  out.push('## Changes', '', '| version | change |', '|---|---|');
  for (const [version, change] of CONTRACT_CHANGES) out.push(`| ${version} | ${cell(change)} |`);
  out.push('');
  return out.join('\n');
}

/** The JSON Schema of pipeline.config.json, for editors. */
export function renderConfigSchema(): string {
  return `${JSON.stringify({ ...z.toJSONSchema(ProjectConfig), title: 'pipeline.config.json' }, null, 2)}\n`;
}
