/** `npm run docs`: writes the documentation that is generated from the code. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PIPELINE } from '../version.js';
import { renderCli } from './cli.js';
import { renderConfigSchema, renderContract, renderMessages } from './render.js';

writeFileSync(join(PIPELINE.root, 'docs/messages.md'), renderMessages());
writeFileSync(join(PIPELINE.root, 'docs/data-contract.md'), renderContract());
writeFileSync(join(PIPELINE.root, 'docs/cli.md'), renderCli());
writeFileSync(join(PIPELINE.root, 'schemas/pipeline.config.schema.json'), renderConfigSchema());
