/**
 * The registry of layout profiles, by the name source.json uses. With
 * "profile": "auto", each file goes to the first profile here whose detect()
 * recognises it; plain, last, recognises every file.
 */
import type { ProfileName } from '../../schemas/source.js';
import { markdown } from './markdown.js';
import { npcGovernancePage } from './npc-governance-page.js';
import { plain } from './plain.js';
import type { Profile } from './profile.js';

export const profiles: Record<ProfileName, Profile> = {
  'npc-governance-page': npcGovernancePage,
  markdown,
  plain,
};

/** The order "auto" asks them in: the most specific first. */
export const detectionOrder: readonly Profile[] = [npcGovernancePage, markdown, plain];

export type { Profile };
