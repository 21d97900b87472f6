/**
 * Identifier shapes shared by the tables, written as XML Schema regular
 * expressions (implicitly anchored, no lookaround), the dialect Table Schema
 * `pattern` uses; columns.ts anchors them for JavaScript.
 */
export const DOC_ID = '[a-z0-9]+(-[a-z0-9]+)*';
export const DOC_ID_MAX = 80;
export const PARAGRAPH_ID = `${DOC_ID}-p[0-9]{3,}`;
export const NOTE_ID = `${DOC_ID}-n[0-9]+`;
export const SHA256 = '[0-9a-f]{64}';
export const LANGUAGE = '[a-z]{2,3}(-[A-Za-z0-9]{2,8})*';

/** Names Windows keeps for devices: a file or folder named so cannot be made there, so no id or dataset name is one (JavaScript RegExp). */
export const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
