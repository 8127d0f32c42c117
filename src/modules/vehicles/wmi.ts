/**
 * World manufacturer identifiers (the first three VIN characters) of makes common in Russia
 * and China, and the ISO 3780 country ranges of the first two characters. Facts, collected
 * from the public WMI registers; extend the list as the catalogue grows.
 */
export const knownWmis: Record<string, string> = {
  WBA: 'BMW',
  WBS: 'BMW M',
  WBY: 'BMW i',
  WMW: 'MINI',
  X4X: 'BMW',
  LBV: 'BMW',
  WDB: 'Mercedes-Benz',
  WDD: 'Mercedes-Benz',
  W1K: 'Mercedes-Benz',
  W1N: 'Mercedes-Benz',
  WDC: 'Mercedes-Benz',
  LE4: 'Mercedes-Benz',
  WVW: 'Volkswagen',
  WV1: 'Volkswagen',
  WV2: 'Volkswagen',
  XW8: 'Volkswagen',
  LSV: 'Volkswagen',
  LFV: 'Volkswagen',
  WAU: 'Audi',
  TRU: 'Audi',
  WP0: 'Porsche',
  WP1: 'Porsche',
  TMB: 'Škoda',
  VSS: 'SEAT',
  VF1: 'Renault',
  X7L: 'Renault',
  VF3: 'Peugeot',
  VF7: 'Citroën',
  ZFA: 'Fiat',
  ZAR: 'Alfa Romeo',
  YV1: 'Volvo',
  YV4: 'Volvo',
  LYV: 'Volvo',
  SAL: 'Land Rover',
  SAJ: 'Jaguar',
  XTA: 'Lada',
  XTT: 'UAZ',
  X96: 'GAZ',
  Z94: 'Hyundai',
  KMH: 'Hyundai',
  KNA: 'Kia',
  KNE: 'Kia',
  XWE: 'Kia',
  LJD: 'Kia',
  JTD: 'Toyota',
  JTM: 'Toyota',
  JTE: 'Toyota',
  JTN: 'Toyota',
  LFM: 'Toyota',
  LVG: 'Toyota',
  JN1: 'Nissan',
  JN8: 'Nissan',
  LGB: 'Nissan',
  Z8N: 'Nissan',
  JHM: 'Honda',
  LHG: 'Honda',
  JMZ: 'Mazda',
  JF1: 'Subaru',
  JS3: 'Suzuki',
  JMB: 'Mitsubishi',
  LVS: 'Ford',
  '1FA': 'Ford',
  '1FT': 'Ford',
  X9F: 'Ford',
  '1G1': 'Chevrolet',
  LSG: 'Buick',
  '5YJ': 'Tesla',
  '7SA': 'Tesla',
  LRW: 'Tesla',
  LGX: 'BYD',
  LC0: 'BYD',
  L6T: 'Geely',
  LB3: 'Geely',
  Y4K: 'Geely',
  LVV: 'Chery',
  LVT: 'Chery',
  LGW: 'Great Wall',
  LGJ: 'Haval',
  XZG: 'Haval',
  LVR: 'Changan',
  LS5: 'Changan',
  LNB: 'BAIC',
  LDC: 'Dongfeng',
  LZW: 'SGMW',
  LMG: 'GAC',
  LB1: 'Li Auto',
  LJ1: 'JAC',
  LNN: 'Exeed',
  LUR: 'NIO',
  L1N: 'XPeng',
  LFP: 'FAW',
  LFB: 'Hongqi',
};

type CountryRange = { from: string; to: string; country: string };

// Ranges over the second character in the order 0..9? ISO 3780 orders A..Z then 1..9, 0.
const order = 'ABCDEFGHJKLMNPRSTUVWXYZ1234567890';

const ranges: Record<string, CountryRange[]> = {
  A: [
    { from: 'A', to: 'H', country: 'ZA' },
    { from: 'J', to: 'N', country: 'CI' },
  ],
  J: [{ from: 'A', to: '0', country: 'JP' }],
  K: [
    { from: 'F', to: 'K', country: 'IL' },
    { from: 'L', to: 'R', country: 'KR' },
    { from: 'S', to: '0', country: 'KZ' },
  ],
  L: [{ from: 'A', to: '0', country: 'CN' }],
  M: [
    { from: 'A', to: 'E', country: 'IN' },
    { from: 'F', to: 'K', country: 'ID' },
    { from: 'L', to: 'R', country: 'TH' },
  ],
  N: [{ from: 'L', to: 'R', country: 'TR' }],
  P: [{ from: 'L', to: 'R', country: 'MY' }],
  R: [
    { from: 'A', to: 'E', country: 'AE' },
    { from: 'F', to: 'K', country: 'TW' },
    { from: 'L', to: 'R', country: 'VN' },
  ],
  S: [
    { from: 'A', to: 'M', country: 'GB' },
    { from: 'N', to: 'T', country: 'DE' },
    { from: 'U', to: 'Z', country: 'PL' },
  ],
  T: [
    { from: 'A', to: 'H', country: 'CH' },
    { from: 'J', to: 'P', country: 'CZ' },
    { from: 'R', to: 'V', country: 'HU' },
    { from: 'W', to: '1', country: 'PT' },
  ],
  U: [
    { from: 'H', to: 'M', country: 'DK' },
    { from: 'N', to: 'T', country: 'IE' },
    { from: 'U', to: 'Z', country: 'RO' },
  ],
  V: [
    { from: 'A', to: 'E', country: 'AT' },
    { from: 'F', to: 'R', country: 'FR' },
    { from: 'S', to: 'W', country: 'ES' },
  ],
  W: [{ from: 'A', to: '0', country: 'DE' }],
  X: [
    { from: 'A', to: 'E', country: 'BG' },
    { from: 'L', to: 'R', country: 'NL' },
    { from: 'S', to: 'W', country: 'RU' },
    { from: '3', to: '0', country: 'RU' },
  ],
  Y: [
    { from: 'A', to: 'E', country: 'BE' },
    { from: 'F', to: 'K', country: 'FI' },
    { from: 'S', to: 'W', country: 'SE' },
    { from: '3', to: '5', country: 'BY' },
  ],
  Z: [
    { from: 'A', to: 'R', country: 'IT' },
    { from: '8', to: '0', country: 'RU' },
  ],
  '1': [{ from: 'A', to: '0', country: 'US' }],
  '2': [{ from: 'A', to: '0', country: 'CA' }],
  '3': [{ from: 'A', to: 'W', country: 'MX' }],
  '4': [{ from: 'A', to: '0', country: 'US' }],
  '5': [{ from: 'A', to: '0', country: 'US' }],
  '6': [{ from: 'A', to: 'W', country: 'AU' }],
  '7': [{ from: 'A', to: 'E', country: 'NZ' }],
  '8': [
    { from: 'A', to: 'E', country: 'AR' },
    { from: 'F', to: 'K', country: 'CL' },
  ],
  '9': [
    { from: 'A', to: 'E', country: 'BR' },
    { from: 'F', to: 'J', country: 'BR' },
  ],
};

/** ISO 3166 country of manufacture from the first two VIN characters. */
export function wmiCountry(vin: string): string | undefined {
  const first = vin[0];
  const second = vin[1];
  if (!first || !second) return undefined;
  const position = order.indexOf(second);
  return ranges[first]?.find(
    (range) => position >= order.indexOf(range.from) && position <= order.indexOf(range.to),
  )?.country;
}

export function wmiMaker(vin: string): string | undefined {
  return knownWmis[vin.slice(0, 3)];
}
