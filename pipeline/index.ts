/** The library API: the CLI and the tests call these, and nothing else. */
export { build, merge, resolveOptions, ConfigError, FORMATS } from './run.js';
export type { BuildOptions, BuildReport, DatasetReport, Format, MergeOptions } from './run.js';
export { loadSources } from './sources.js';
export { catalogue, formatMessage } from './messages.js';
export type { Message, RuleId } from './messages.js';
export { replay, applyEdits, revertEdits, normaliseBase, foldWhitespace } from './normalise/index.js';
export { stages } from './stages.js';
export { profiles } from './profiles/index.js';
export { writers } from './writers/index.js';
export { tables } from '../schemas/tables.js';
export { PIPELINE } from './version.js';
