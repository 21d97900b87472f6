import { describe, expect, it } from 'vitest';
import { validate } from '../../pipeline/stages/validate.js';
import { runUntil, sourceFile } from '../helpers/files.js';

async function identified() {
  return runUntil(sourceFile('One.\n\nTwo.', { profile: 'plain' }), 'assemble');
}

describe('validate', () => {
  it('passes rows the pipeline built', async () => {
    const file = await identified();
    validate.run(file);
    expect(file.messages).toEqual([]);
  });

  it('rejects the file and names table, row, id and field for a bad row', async () => {
    const file = await identified();
    file.rows!.paragraphs[1]!.text = 'bad \ud800 surrogate';
    file.rows!.paragraphs[1]!.edits = '[{"rule":"nope"}]';
    validate.run(file);
    expect(file.failed).toBe(true);
    expect(new Set(file.messages.map((m) => `${m.rule} ${m.level} ${m.line}`))).toEqual(new Set(['validate/schema error 3']));
    expect(file.messages[0]!.message).toMatch(/^paragraphs row 2 \(file-\d+-p002\), field text: Text contains a lone UTF-16 surrogate$/);
    // The edits JSON is checked inside: a bad rule and the three missing fields.
    expect(file.messages.slice(1).map((m) => m.message.replace(/^.*field edits: /, '').split(':')[0])).toEqual(['0.rule', '0.from', '0.to', '0.at']);
  });

  it('rejects extra columns, empty strings and impossible dates', async () => {
    const file = await identified();
    Object.assign(file.rows!.document, { extra: 1, title: '', date: '2017-02-29' });
    validate.run(file);
    expect(file.messages.map((m) => m.message.replace(/^documents row 1 \([^)]*\), /, ''))).toEqual([
      'field title: Expected a non-empty string (a missing value is null)',
      'field date: Not a calendar date',
      'field (row): Unrecognized key: "extra"',
    ]);
  });
});
