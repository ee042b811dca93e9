import type { Rng } from './prng.js';
import { CITIES, STREET_NAMES, STREET_TYPES, type City } from './places.js';
import type { Region } from './topics.js';

export interface Address {
  readonly houseNumber: number;
  readonly streetName: string;
  readonly streetType: string;
  readonly city: City;
  readonly postcode: string;
  readonly region: Region;
}

// Letters a UK inward code never uses.
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const STREET_TYPE_NAMES = Object.keys(STREET_TYPES);

export function randomAddress(rng: Rng, region: Region): Address {
  const city = rng.pick(CITIES[region]);
  const inward = `${rng.int(1, 9)}${INWARD_LETTERS[rng.int(0, 19)]}${INWARD_LETTERS[rng.int(0, 19)]}`;
  return {
    houseNumber: rng.int(1, 240),
    streetName: rng.pick(STREET_NAMES),
    streetType: rng.pick(STREET_TYPE_NAMES),
    city,
    postcode: `${city.postcodeArea}${rng.int(1, 20)} ${inward}`,
    region,
  };
}

export function canonicalStreet(a: Address): string {
  return `${a.houseNumber} ${a.streetName} ${a.streetType}`;
}

/** A rendering of the same address the way another system stores it (abbreviations, case, comma, spacing). */
export function variantAddress(a: Address, rng: Rng): { street: string; city: string; postcode: string } {
  const type = rng.chance(0.7) ? rng.pick(STREET_TYPES[a.streetType] ?? [a.streetType]) : a.streetType;
  let street = rng.chance(0.3) ? `${a.houseNumber}, ${a.streetName} ${type}` : `${a.houseNumber} ${a.streetName} ${type}`;
  let city = a.city.name;
  let postcode = a.postcode;
  switch (rng.int(0, 3)) {
    case 0:
      street = street.toUpperCase();
      city = city.toUpperCase();
      break;
    case 1:
      street = street.toLowerCase();
      postcode = postcode.toLowerCase();
      break;
    case 2:
      postcode = postcode.replace(' ', '');
      break;
    default:
      street = `${street} `; // trailing blank as left by form fields
  }
  return { street, city, postcode };
}
