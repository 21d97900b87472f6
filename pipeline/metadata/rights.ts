/**
 * What the rights holder allows, said the same way in every metadata file.
 * Three cases: an open licence (carried through as declared in source.json),
 * a licence that is not open (e.g. CC BY-NC-ND: carried through, and called
 * not open), and no licence at all (described as "not an open licence" with
 * the holder's own words). Nothing here ever names a licence the source does
 * not grant.
 */
import type { SourceConfig } from '../../schemas/source.js';

export type RightsKind = 'open' | 'licensed' | 'reserved';

export function rightsKind(config: SourceConfig): RightsKind {
  if (config.rights.license === undefined) return 'reserved';
  return config.rights.open ? 'open' : 'licensed';
}

export const isOpen = (config: SourceConfig): boolean => rightsKind(config) === 'open';

/** "Creative Commons Zero (CC0-1.0)", or the id alone when source.json gives no title. */
export function licenseName(config: SourceConfig): string | null {
  const license = config.rights.license;
  if (!license) return null;
  return license.title ? `${license.title} (${license.name})` : license.name;
}

/** The licence's web page: as declared, else its SPDX page. */
export function licenseUrl(config: SourceConfig): string | null {
  const license = config.rights.license;
  if (!license) return null;
  return license.path ?? `https://spdx.org/licenses/${license.name}.html`;
}

/** One sentence for metadata that has room for a single string. */
export function rightsSentence(config: SourceConfig): string {
  const { holder, statement } = config.rights;
  switch (rightsKind(config)) {
    case 'open':
      return `${licenseName(config)}. Rights holder: ${holder}. ${statement}`;
    case 'licensed':
      return `${licenseName(config)}, which is not an open licence. Rights holder: ${holder}. ${statement}`;
    case 'reserved':
      return `Not an open licence. Rights holder: ${holder}. ${statement}`;
  }
}

/** Frictionless `licenses`. "other-closed" is the Open Definition id for "not an open licence". */
export function frictionlessLicenses(config: SourceConfig) {
  if (config.rights.license) return [config.rights.license];
  return [{ name: 'other-closed', title: `Not an open licence. ${config.rights.statement}` }];
}

/** Licence ids the Hugging Face hub knows, by lowercase SPDX id. */
const HUB_LICENSES: Record<string, string> = {
  'apache-2.0': 'apache-2.0',
  'mit': 'mit',
  'cc0-1.0': 'cc0-1.0',
  'cc-by-2.0': 'cc-by-2.0',
  'cc-by-3.0': 'cc-by-3.0',
  'cc-by-4.0': 'cc-by-4.0',
  'cc-by-sa-3.0': 'cc-by-sa-3.0',
  'cc-by-sa-4.0': 'cc-by-sa-4.0',
  'cc-by-nc-4.0': 'cc-by-nc-4.0',
  'cc-by-nc-sa-4.0': 'cc-by-nc-sa-4.0',
  'cc-by-nd-4.0': 'cc-by-nd-4.0',
  'cc-by-nc-nd-4.0': 'cc-by-nc-nd-4.0',
  'odc-by-1.0': 'odc-by',
  'odc-by': 'odc-by',
  'odbl-1.0': 'odbl',
  'odbl': 'odbl',
  'pddl-1.0': 'pddl',
  'pddl': 'pddl',
  'unlicense': 'unlicense',
  'gpl-3.0': 'gpl-3.0',
  'bsd-3-clause': 'bsd-3-clause',
};

/** The card's `license` front matter: the hub's id for a licence it knows, otherwise `other` with a name and a link. */
export function huggingFaceLicense(config: SourceConfig): { license: string; license_name?: string; license_link?: string } {
  const license = config.rights.license;
  if (license) {
    const id = HUB_LICENSES[license.name.toLowerCase()];
    if (id) return { license: id };
    return { license: 'other', license_name: license.name.toLowerCase(), license_link: licenseUrl(config)! };
  }
  // No licence to link to: the holder's notice is on the pages the texts come from.
  return { license: 'other', license_name: 'other-closed', license_link: config.origin.url };
}
