/** Frictionless Table Schema of a table, generated from its zod schema. */
import type { ColumnKind } from '../../schemas/columns.js';
import type { TableDef } from '../../schemas/tables.js';

const TYPES: Record<ColumnKind, string> = { string: 'string', int32: 'integer', date: 'date', json: 'array' };

export function tableSchema(table: TableDef, resourceOf: (table: string) => string, missingValues?: string[]) {
  return {
    fields: table.columns.map(({ name, meta }) => {
      const constraints: Record<string, unknown> = { required: !meta.nullable };
      if (meta.pattern) constraints.pattern = meta.pattern;
      if (meta.maxLength !== undefined) constraints.maxLength = meta.maxLength;
      if (meta.minimum !== undefined) constraints.minimum = meta.minimum;
      if (meta.kind === 'int32') constraints.maximum = 2 ** 31 - 1;
      if (name === table.primaryKey) constraints.unique = true;
      return { name, type: TYPES[meta.kind], description: meta.description, constraints };
    }),
    ...(missingValues ? { missingValues } : {}),
    primaryKey: [table.primaryKey],
    ...(table.foreignKeys.length
      ? {
          foreignKeys: table.foreignKeys.map((fk) => ({
            fields: [fk.field],
            reference: { resource: resourceOf(fk.table), fields: [fk.field_in_table] },
          })),
        }
      : {}),
  };
}
