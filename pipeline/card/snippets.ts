/**
 * How to load a dataset, one snippet per client. The dataset card prints
 * them and the test suite runs the ones this project can run (pandas on CSV
 * and JSON Lines, every DuckDB statement), reading them back out of the card,
 * so the card cannot drift from what works. Paths are relative to the dataset
 * folder: the snippets run from inside it.
 */
import type { Format } from '../writers/writer.js';

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const pyString = (s: string) => JSON.stringify(s);

/** The reading calls, shared by the card, the project README and the tests. */
export const read = {
  duckdbParquet: (path: string) => `SELECT * FROM read_parquet(${sqlString(path)})`,
  /** allow_quoted_nulls = false: a quoted empty field is text, not NULL (our CSV writes null as an unquoted empty field). */
  duckdbCsv: (path: string) => `SELECT * FROM read_csv(${sqlString(path)}, allow_quoted_nulls = false)`,
  duckdbJsonl: (path: string) => `SELECT * FROM read_json(${sqlString(path)}, format = 'newline_delimited')`,
  /** dtype=str with keep_default_na=False keeps "NA", "null", "0123" as text; only an empty field is missing. */
  pandasCsv: (path: string) => `pd.read_csv(${pyString(path)}, dtype=str, keep_default_na=False, na_values=[""])`,
  /** dtype=False and convert_dates=False keep every value as JSON wrote it. */
  pandasJsonl: (path: string) => `pd.read_json(${pyString(path)}, lines=True, dtype=False, convert_dates=False)`,
  pandasParquet: (path: string) => `pd.read_parquet(${pyString(path)})`,
};

export interface Snippet {
  id: string;
  title: string;
  /** The fence's language. */
  language: 'python' | 'sql' | 'r';
  code: string;
  /** What it needs installed, and whether this project's tests run it. */
  note: string;
}

/** The snippets that apply to the formats written, each reading only files that exist. */
export function snippets(formats: readonly Format[], table = 'paragraphs'): Snippet[] {
  const has = (f: Format) => formats.includes(f);
  const out: Snippet[] = [];
  if (has('jsonl') || has('csv')) {
    out.push({
      id: 'pandas',
      title: `pandas (${[has('jsonl') && 'JSON Lines', has('csv') && 'CSV'].filter(Boolean).join(' and ')})`,
      language: 'python',
      code: [
        'import pandas as pd',
        '',
        ...(has('jsonl') ? [`${table} = ${read.pandasJsonl(`${table}.jsonl`)}`] : []),
        ...(has('csv') ? [`${table}_csv = ${read.pandasCsv(`${table}.csv`)}`] : []),
      ].join('\n'),
      note:
        'Needs pandas only. Run by our tests, which check every value and type against the Parquet and Arrow files. ' +
        'From JSON Lines integers are int64 (float64 in a column with nulls, such as documents.volume: `.astype({"volume": "Int32"})`), ' +
        'dates are ISO strings, and a column that is null in every row is float64; ' +
        'from CSV every value is text.',
    });
  }
  if (has('parquet')) {
    out.push({
      id: 'pandas-parquet',
      title: 'pandas (Parquet)',
      language: 'python',
      code: ['import pandas as pd', '', `${table} = ${read.pandasParquet(`${table}.parquet`)}`].join('\n'),
      note: 'Needs pyarrow (or fastparquet) beside pandas. Not run by our tests: their machine has no pyarrow; DuckDB and polars check the same file.',
    });
  }
  const sqlReaders = ([['parquet', read.duckdbParquet], ['csv', read.duckdbCsv], ['jsonl', read.duckdbJsonl]] as const).filter(([f]) => has(f));
  if (sqlReaders.length) {
    const [first, reader] = sqlReaders[0]!;
    out.push({
      id: 'duckdb',
      title: 'DuckDB (SQL)',
      language: 'sql',
      code: [
        ...sqlReaders.map(([f, call]) => `${call(`${table}.${f}`)};`),
        '',
        '-- Paragraphs and words per document',
        'SELECT d.doc_id, d.title, count(*) AS paragraphs, sum(p.word_count) AS words',
        `FROM (${reader(`${table}.${first}`)}) AS p`,
        `JOIN (${reader(`documents.${first}`)}) AS d USING (doc_id)`,
        'GROUP BY ALL',
        'ORDER BY d.doc_id;',
      ].join('\n'),
      note: 'Every statement is run by our tests, verbatim.',
    });
  }
  if (has('parquet')) {
    out.push(
      {
        id: 'polars',
        title: 'polars',
        language: 'python',
        code: ['import polars as pl', '', `${table} = pl.read_parquet(${pyString(`${table}.parquet`)})`].join('\n'),
        note: "Not run verbatim (no Python polars on our test machine); our tests read the same file with polars' Rust engine through nodejs-polars.",
      },
      {
        id: 'r-arrow',
        title: 'R (arrow)',
        language: 'r',
        code: ['library(arrow)', '', `${table} <- read_parquet(${pyString(`${table}.parquet`)})`].join('\n'),
        note: 'Needs the arrow package. Not run by our tests (no R arrow on their machine).',
      },
    );
  }
  const hub = (['parquet', 'jsonl', 'csv'] as const).find(has);
  if (hub) {
    out.push({
      id: 'huggingface',
      title: 'Hugging Face datasets',
      language: 'python',
      code: [
        'from datasets import load_dataset',
        '',
        `${table} = load_dataset("${hub === 'jsonl' ? 'json' : hub}", data_files=${pyString(`${table}.${hub}`)}, split="train")`,
        '# or, from a copy of this folder, by the configs in this card:',
        `# ${table} = load_dataset("path/to/this/folder", "${table}", split="train")`,
      ].join('\n'),
      note: "Needs the datasets package. Not run by our tests (no network); the front matter's configs are checked to name files that exist.",
    });
  }
  return out;
}
