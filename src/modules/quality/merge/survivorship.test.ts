import { describe, expect, it } from 'vitest';
import {
  defaultSurvivor,
  moreVerified,
  survivingValues,
  type MergeableRow,
} from './survivorship.ts';

type Row = MergeableRow & { id: string; created_at: Date };

const row = (id: string, fields: Partial<Row> = {}): Row => ({
  id,
  lifecycle_stage: 'prospect',
  source: 'website',
  created_at: new Date('2024-01-01T00:00:00Z'),
  updated_at: new Date('2025-01-01T00:00:00Z'),
  verified_at: null,
  verified_by: null,
  verification_method: null,
  verification_note: null,
  first_name: 'Ivan',
  ...fields,
});

const verifiedOn = (day: string, method = 'phone_call') => ({
  verified_at: new Date(`${day}T10:00:00Z`),
  verified_by: `user-${day}`,
  verification_method: method,
  verification_note: `checked ${day}`,
});

describe('survivorship: "verified wins" goes by the last verification with the person', () => {
  it('prefers the record verified more recently over an owner never verified', () => {
    const owner = row('owner', { lifecycle_stage: 'owner', first_name: 'Иван' });
    const checked = row('checked', { first_name: 'Ioann', ...verifiedOn('2026-03-01') });
    expect(moreVerified(owner, checked)).toBe(-1);
    const { values, choices } = survivingValues(owner, checked);
    expect(values.first_name).toBe('Ioann');
    expect(choices).toContainEqual({ field: 'first_name', from: 'loser', rule: 'verified' });
    expect(defaultSurvivor(owner, checked)[0].id).toBe('checked');
  });

  it('of two verified records, the later verification wins whatever the stages', () => {
    const older = row('older', { lifecycle_stage: 'owner', ...verifiedOn('2024-05-01') });
    const newer = row('newer', { first_name: 'Ivan P.', ...verifiedOn('2026-02-01') });
    expect(survivingValues(older, newer).values.first_name).toBe('Ivan P.');
    expect(survivingValues(newer, older).values.first_name).toBeUndefined();
    expect(defaultSurvivor(older, newer)[0].id).toBe('newer');
  });

  it('falls back to the lifecycle stage when neither was verified', () => {
    const owner = row('owner', { lifecycle_stage: 'owner', first_name: 'Иван' });
    const prospect = row('prospect', { first_name: 'Ivan', source: 'showroom' });
    expect(moreVerified(owner, prospect)).toBe(1);
    expect(survivingValues(owner, prospect).values.first_name).toBeUndefined();
    expect(survivingValues(prospect, owner).values.first_name).toBe('Иван');
    expect(defaultSurvivor(prospect, owner)[0].id).toBe('owner');
  });

  it('keeps the newest verification on the survivor, all of its parts', () => {
    const survivor = row('s', verifiedOn('2025-01-10', 'in_person'));
    const loser = row('l', verifiedOn('2026-01-10', 'document'));
    const { values, choices } = survivingValues(survivor, loser);
    expect(values).toMatchObject(verifiedOn('2026-01-10', 'document'));
    expect(choices).toContainEqual({
      field: 'verified_at',
      from: 'loser',
      rule: 'most_recently_verified',
    });
    // the survivor's own newer verification stays; one never verified takes the loser's
    expect(survivingValues(loser, survivor).values.verified_at).toBeUndefined();
    expect(survivingValues(row('never'), loser).values).toMatchObject(
      verifiedOn('2026-01-10', 'document'),
    );
    expect(survivingValues(loser, row('never')).values.verified_at).toBeUndefined();
  });
});
