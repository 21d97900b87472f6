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
  /** Formats whose files the code reads; the card shows it only when all were written. */
  needs: Format[];
  /** What it needs installed, and whether this project's tests run it. */
  note: string;
}

export function snippets(table = 'paragraphs'): Snippet[] {
  return [
    {
      id: 'pandas-text',
      title: 'pandas (CSV and JSON Lines)',
      language: 'python',
      code: [
        'import pandas as pd',
        '',
        `${table} = ${read.pandasJsonl(`${table}.jsonl`)}`,
        `${table}_csv = ${read.pandasCsv(`${table}.csv`)}`,
      ].join('\n'),
      needs: ['jsonl', 'csv'],
      note: 'Needs pandas only. Run by our tests, which check every value against the Parquet and Arrow files. From CSV every value is text; from JSON Lines integers are numbers and dates ISO strings.',
    },
    {
      id: 'pandas-parquet',
      title: 'pandas (Parquet)',
      language: 'python',
      code: ['import pandas as pd', '', `${table} = ${read.pandasParquet(`${table}.parquet`)}`].join('\n'),
      needs: ['parquet'],
      note: 'Needs pyarrow (or fastparquet) beside pandas. Not run by our tests: their machine has no pyarrow; DuckDB and polars check the same file.',
    },
    {
      id: 'duckdb',
      title: 'DuckDB (SQL)',
      language: 'sql',
      code: [
        `${read.duckdbParquet(`${table}.parquet`)};`,
        `${read.duckdbCsv(`${table}.csv`)};`,
        `${read.duckdbJsonl(`${table}.jsonl`)};`,
        '',
        '-- Paragraphs and words per document',
        'SELECT d.doc_id, d.title, count(*) AS paragraphs, sum(p.word_count) AS words',
        `FROM read_parquet('${table}.parquet') AS p`,
        "JOIN read_parquet('documents.parquet') AS d USING (doc_id)",
        'GROUP BY ALL',
        'ORDER BY d.doc_id;',
      ].join('\n'),
      needs: ['parquet', 'csv', 'jsonl'],
      note: 'Every statement is run by our tests, verbatim.',
    },
    {
      id: 'polars',
      title: 'polars',
      language: 'python',
      code: ['import polars as pl', '', `${table} = pl.read_parquet(${pyString(`${table}.parquet`)})`].join('\n'),
      needs: ['parquet'],
      note: "Not run verbatim (no Python polars on our test machine); our tests read the same file with polars' Rust engine through nodejs-polars.",
    },
    {
      id: 'r-arrow',
      title: 'R (arrow)',
      language: 'r',
      code: ['library(arrow)', '', `${table} <- read_parquet(${pyString(`${table}.parquet`)})`].join('\n'),
      needs: ['parquet'],
      note: 'Needs the arrow package. Not run by our tests (no R arrow on their machine).',
    },
    {
      id: 'huggingface',
      title: 'Hugging Face datasets',
      language: 'python',
      code: [
        'from datasets import load_dataset',
        '',
        `${table} = load_dataset("parquet", data_files=${pyString(`${table}.parquet`)}, split="train")`,
        '# or, from a copy of this folder, by the configs in this card:',
        `# ${table} = load_dataset("path/to/this/folder", "${table}", split="train")`,
      ].join('\n'),
      needs: ['parquet'],
      note: 'Needs the datasets package. Not run by our tests (no network); the front matter\'s configs are checked to name files that exist.',
    },
  ];
}
