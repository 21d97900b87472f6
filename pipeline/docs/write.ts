/** `npm run docs`: writes docs/messages.md and docs/data-contract.md from the code. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PIPELINE } from '../version.js';
import { renderContract, renderMessages } from './render.js';

writeFileSync(join(PIPELINE.root, 'docs/messages.md'), renderMessages());
writeFileSync(join(PIPELINE.root, 'docs/data-contract.md'), renderContract());
