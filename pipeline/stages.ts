/** The pipeline, in order. This list is the only place the order is written. */
import type { Stage } from './stage.js';
import { assemble } from './stages/assemble.js';
import { decode } from './stages/decode.js';
import { deduplicate } from './stages/deduplicate.js';
import { identify } from './stages/identify.js';
import { normalise } from './stages/normalise.js';
import { read } from './stages/read.js';
import { segment } from './stages/segment.js';
import { validate } from './stages/validate.js';

export const stages: readonly Stage[] = [read, decode, segment, normalise, assemble, validate, identify, deduplicate];
