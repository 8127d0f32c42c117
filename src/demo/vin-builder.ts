import { withCheckDigit } from '../modules/vehicles/index.ts';
import type { Prng } from './prng.ts';

/**
 * VINs (ISO 3779) for demo vehicles: a real manufacturer prefix (WMI), a descriptor section
 * derived from model and trim, the check digit, the model-year code, and a serial made from
 * a running vehicle number, so that no two demo vehicles ever share a VIN (the column is
 * unique) without the generator having to remember the VINs it made.
 */
const yearCodes = 'ABCDEFGHJKLMNPRSTVWXY123456789';
const vinChars = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

export function yearCode(modelYear: number): string {
  return yearCodes[(((modelYear - 1980) % 30) + 30) % 30]!;
}

/** Five VIN characters that stand for a model and trim (the same for the same text). */
export function descriptorSection(text: string): string {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  let out = '';
  for (let i = 0; i < 5; i++) {
    hash = Math.imul(hash ^ (hash >>> 13), 0x5bd1e995);
    out += vinChars[(hash >>> 0) % vinChars.length]!;
  }
  return out;
}

/**
 * The VIN of the `serial`-th demo vehicle: position 11 (the plant) and 12-17 carry the serial
 * number, 33 x 1,000,000 vehicles before a repeat.
 */
export function buildVin(
  wmi: string,
  descriptor: string,
  modelYear: number,
  serial: number,
): string {
  const plant = vinChars[Math.floor(serial / 1_000_000) % vinChars.length]!;
  const number = String(serial % 1_000_000).padStart(6, '0');
  return withCheckDigit(`${wmi}${descriptor}0${yearCode(modelYear)}${plant}${number}`);
}

/** The WMIs of a make, by where the car was built. */
export const wmisByMake: Record<string, { RU: readonly string[]; CN: readonly string[] }> = {
  // Geely: LB3 and L6T in China; Y4K is the BelGee plant in Belarus that supplies Russia.
  Geely: { RU: ['Y4K', 'Y4K', 'Y4K', 'L6T', 'LB3'], CN: ['L6T', 'LB3'] },
  // Haval: LGW Great Wall in China, XZG the Tula plant in Russia.
  Haval: { RU: ['XZG', 'XZG', 'XZG', 'LGW'], CN: ['LGW'] },
  Toyota: { RU: ['JTM', 'JTN', 'JTD'], CN: ['LFM', 'LVG'] },
  Kia: { RU: ['XWE', 'Z94', 'KNA'], CN: ['LJD'] },
  Hyundai: { RU: ['Z94', 'KMH'], CN: ['LBE'] },
  Lada: { RU: ['XTA'], CN: ['XTA'] },
  Volkswagen: { RU: ['XW8', 'WVW'], CN: ['LSV', 'LFV'] },
  Škoda: { RU: ['XW8', 'TMB'], CN: ['LSV'] },
  Renault: { RU: ['X7L', 'VF1'], CN: ['VF1'] },
  Nissan: { RU: ['Z8N', 'JN1'], CN: ['LGB'] },
  Mazda: { RU: ['JMZ'], CN: ['LVR'] },
  BYD: { RU: ['LGX', 'LC0'], CN: ['LGX', 'LC0'] },
  Chery: { RU: ['LVV', 'LVT'], CN: ['LVV', 'LVT'] },
  Changan: { RU: ['LS5', 'LVR'], CN: ['LS5', 'LVR'] },
  Honda: { RU: ['JHM'], CN: ['LHG'] },
  BMW: { RU: ['WBA', 'X4X'], CN: ['LBV'] },
  'Mercedes-Benz': { RU: ['WDD', 'W1K', 'WDC'], CN: ['LE4'] },
};

const plateLetters = 'АВЕКМНОРСТУХ';
const chinesePlateLetters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A Russian registration plate, e.g. А123ВС77 (only letters that look alike in Latin). */
export function russianPlate(rng: Prng, regionCodes: readonly string[]): string {
  const letter = () => plateLetters[rng.int(0, plateLetters.length - 1)]!;
  const number = String(rng.int(1, 999)).padStart(3, '0');
  return `${letter()}${number}${letter()}${letter()}${rng.pick(regionCodes)}`;
}

/** A Chinese plate, e.g. 沪A3F2K7 (province character, city letter, five characters). */
export function chinesePlate(rng: Prng, prefixes: readonly string[]): string {
  let tail = '';
  const letters = rng.int(0, 2);
  for (let i = 0; i < 5; i++) {
    tail +=
      i >= 5 - letters
        ? chinesePlateLetters[rng.int(0, chinesePlateLetters.length - 1)]!
        : String(rng.int(0, 9));
  }
  return `${rng.pick(prefixes)}${tail}`;
}
