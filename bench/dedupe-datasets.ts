/**
 * The public benchmark files of bench/dedupe-accuracy.ts and bench/dedupe-misses.ts (Febrl 1-4,
 * Splink's fake_1000 and historical_figures_50k, in /work/shared/data or DEDUPE_DATA) as the
 * engine's records, with each record's true cluster.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { PersonRecord } from '../src/modules/quality/matching/index.ts';

const dataDir = process.env.DEDUPE_DATA ?? '/work/shared/data';

export type Dataset = { records: PersonRecord[]; truth: string[]; sources?: Uint8Array };

function rows(path: string): Record<string, string>[] {
  return parse(readFileSync(`${dataDir}/${path}`), {
    columns: true,
    trim: true,
    skip_empty_lines: true,
  });
}

function febrlRecord(row: Record<string, string>): PersonRecord {
  return {
    id: row.rec_id!,
    firstName: row.given_name,
    lastName: row.surname,
    address: [row.street_number, row.address_1, row.address_2].filter(Boolean).join(' '),
    city: row.suburb,
    postcode: row.postcode,
    birthDate: row.date_of_birth,
    nationalId: row.soc_sec_id,
  };
}

const febrlTruth = (id: string) => /^rec-(\d+)-/.exec(id)![1]!;

export const datasets: Record<string, () => Dataset> = {
  ...Object.fromEntries(
    [1, 2, 3].map((n) => [
      `febrl${n}`,
      () => {
        const records = rows(`febrl/dataset${n}.csv`).map(febrlRecord);
        return { records, truth: records.map((r) => febrlTruth(r.id)) };
      },
    ]),
  ),
  febrl4: () => {
    const a = rows('febrl/dataset4a.csv').map(febrlRecord);
    const b = rows('febrl/dataset4b.csv').map(febrlRecord);
    const records = [...a, ...b];
    const sources = new Uint8Array(records.length);
    sources.fill(1, a.length);
    return { records, truth: records.map((r) => febrlTruth(r.id)), sources };
  },
  fake_1000: () => {
    const data = rows('splink/fake_1000.csv');
    return {
      records: data.map((row) => ({
        id: row.unique_id!,
        firstName: row.first_name,
        lastName: row.surname,
        birthDate: row.dob,
        city: row.city,
        email: row.email,
      })),
      truth: data.map((row) => row.cluster!),
    };
  },
  historical_figures_50k: () => {
    const data = rows('splink/historical_figures_with_errors_50k.csv');
    return {
      records: data.map((row) => ({
        id: row.unique_id!,
        firstName: row.first_name,
        lastName: row.surname,
        birthDate: row.dob,
        city: row.birth_place,
        postcode: row.postcode_fake,
        gender: row.gender,
      })),
      truth: data.map((row) => row.cluster!),
    };
  },
};

export function loadDataset(name: string): Dataset {
  const load = datasets[name];
  if (!load) throw new Error(`unknown dataset ${name}`);
  return load();
}
