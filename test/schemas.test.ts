/** The schemas as metadata: every column documented once, with its own description. */
import { describe, expect, it } from 'vitest';
import { tables } from '../schemas/tables.js';

describe('schemas', () => {
  for (const table of tables) {
    it(`${table.name}: every column has its own description`, () => {
      const descriptions = table.columns.map((c) => c.meta.description);
      expect(new Set(descriptions).size).toBe(descriptions.length);
    });
  }

  it('keeps each description on its own column (the registry keys on schema instances)', () => {
    const description = (table: string, column: string) => tables.find((t) => t.name === table)!.columns.find((c) => c.name === column)!.meta.description;
    expect(description('paragraphs', 'text')).toMatch(/^Paragraph text after normalisation/);
    expect(description('documents', 'profile')).toMatch(/^Layout profile/);
    expect(description('documents', 'date')).toMatch(/^Date the speech was delivered/);
    expect(description('documents', 'source_updated')).toMatch(/^Date the web page says/);
  });
});
