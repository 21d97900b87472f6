/** The registry of layout profiles, by the name source.json uses. */
import type { ProfileName } from '../../schemas/source.js';
import { npcGovernancePage } from './npc-governance-page.js';
import { plain } from './plain.js';
import type { Profile } from './profile.js';

export const profiles: Record<ProfileName, Profile> = {
  'npc-governance-page': npcGovernancePage,
  plain,
};

export type { Profile };
