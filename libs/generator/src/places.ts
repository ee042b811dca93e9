import type { Region } from './topics.js';

/**
 * Cities per region with their postcode area and dialling code. Dialling codes follow UK numbering
 * (area code digits without the trunk 0); local numbers use the Ofcom drama ranges where one exists.
 */
export interface City {
  readonly name: string;
  readonly postcodeArea: string;
  readonly areaCode: string;
}

export const CITIES: Readonly<Record<Region, readonly City[]>> = {
  NORTH: [
    { name: 'Newcastle upon Tyne', postcodeArea: 'NE', areaCode: '191' },
    { name: 'Leeds', postcodeArea: 'LS', areaCode: '113' },
    { name: 'Manchester', postcodeArea: 'M', areaCode: '161' },
    { name: 'Edinburgh', postcodeArea: 'EH', areaCode: '131' },
    { name: 'York', postcodeArea: 'YO', areaCode: '1904' },
  ],
  SOUTH: [
    { name: 'Brighton', postcodeArea: 'BN', areaCode: '1273' },
    { name: 'Southampton', postcodeArea: 'SO', areaCode: '23' },
    { name: 'Portsmouth', postcodeArea: 'PO', areaCode: '23' },
    { name: 'Exeter', postcodeArea: 'EX', areaCode: '1392' },
  ],
  EAST: [
    { name: 'Norwich', postcodeArea: 'NR', areaCode: '1603' },
    { name: 'Cambridge', postcodeArea: 'CB', areaCode: '1223' },
    { name: 'Ipswich', postcodeArea: 'IP', areaCode: '1473' },
    { name: 'Colchester', postcodeArea: 'CO', areaCode: '1206' },
  ],
  WEST: [
    { name: 'Bristol', postcodeArea: 'BS', areaCode: '117' },
    { name: 'Cardiff', postcodeArea: 'CF', areaCode: '29' },
    { name: 'Plymouth', postcodeArea: 'PL', areaCode: '1752' },
    { name: 'Gloucester', postcodeArea: 'GL', areaCode: '1452' },
  ],
  CENTRAL: [
    { name: 'London', postcodeArea: 'EC', areaCode: '20' },
    { name: 'Birmingham', postcodeArea: 'B', areaCode: '121' },
    { name: 'Nottingham', postcodeArea: 'NG', areaCode: '115' },
    { name: 'Leicester', postcodeArea: 'LE', areaCode: '116' },
  ],
};

export const STREET_NAMES: readonly string[] = [
  'High', 'Station', 'Church', 'Victoria', 'Park', 'Mill', 'Queen', 'King', 'Green', 'Manor', 'Chapel', 'Albert',
  'Kingsway', 'Elm', 'Oak', 'Windsor', 'York', 'Market', 'Bridge', 'Castle', 'St John\'s', 'New', 'School', 'Grove',
];

/** Full street type → abbreviations sources use instead. */
export const STREET_TYPES: Readonly<Record<string, readonly string[]>> = {
  Street: ['St', 'St.', 'Str'],
  Road: ['Rd', 'Rd.'],
  Avenue: ['Ave', 'Av.'],
  Lane: ['Ln'],
  Drive: ['Dr', 'Dr.'],
  Close: ['Cl'],
  Crescent: ['Cres'],
  Place: ['Pl'],
};

/** Every way a UK source spells the country; the transform normalises them to "GB". */
export const COUNTRY_SPELLINGS: readonly string[] = ['GB', 'United Kingdom', 'UK', 'Great Britain', 'gb', 'U.K.', 'GBR'];

export const CURRENCIES = [
  ['GBP', 80],
  ['EUR', 15],
  ['USD', 5],
] as const;
