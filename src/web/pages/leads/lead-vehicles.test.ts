import { describe, expect, it } from 'vitest';
import type { Lead } from '../../api/leads.ts';
import { withFirstVehicleChanged } from './lead-vehicles.ts';

const vehicles: Lead['vehicles'] = [
  {
    make: 'Geely',
    model: 'Monjaro',
    year: 2026,
    trim: 'Flagship',
    colour: 'white',
    condition: 'new',
  },
  { make: 'Geely', model: 'Atlas', year: null, trim: null, colour: null, condition: 'used' },
];

describe('the lead page changes the first car of interest and keeps the rest', () => {
  it('changes the model without dropping colour, year, trim or the second car', () => {
    expect(withFirstVehicleChanged(vehicles, { model: 'Coolray' })).toEqual([
      {
        make: 'Geely',
        model: 'Coolray',
        year: 2026,
        trim: 'Flagship',
        colour: 'white',
        condition: 'new',
      },
      { make: 'Geely', model: 'Atlas', condition: 'used' },
    ]);
  });

  it('removes what is emptied, and starts a first car when there is none', () => {
    expect(withFirstVehicleChanged(vehicles, { colour: '', condition: null })[0]).toEqual({
      make: 'Geely',
      model: 'Monjaro',
      year: 2026,
      trim: 'Flagship',
    });
    expect(withFirstVehicleChanged([], { model: 'X5', colour: 'black' })).toEqual([
      { model: 'X5', colour: 'black' },
    ]);
  });
});
