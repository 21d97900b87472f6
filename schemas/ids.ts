/** Identifier shapes shared by the tables. */
export const DOC_ID = /^(?=.{1,80}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const PARAGRAPH_ID = /^[a-z0-9-]{1,80}-p\d{3,}$/;
export const NOTE_ID = /^[a-z0-9-]{1,80}-n\d+$/;
export const SHA256 = /^[0-9a-f]{64}$/;
