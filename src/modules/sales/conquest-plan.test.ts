import { describe, expect, it } from 'vitest';
import { ceilDiv, conquestReport, elapsedDays, historyWindow, periodOf } from './conquest-plan.ts';

const november = periodOf('month', '2026-11-01');

describe('a dealer plans November: 20 cars, which channels must bring how many prospects', () => {
  const history = [
    // 10 of 200 showroom visitors bought (5%), 6 of 40 referrals (15%), 4 of 160 web leads (2.5%)
    { source: 'showroom', leads: 200, delivered: 10 },
    { source: 'referral', leads: 40, delivered: 6 },
    { source: 'website', leads: 160, delivered: 4 },
  ];

  it('splits the target by past sales and divides by each channel’s conversion rate', () => {
    const report = conquestReport({
      period: november,
      today: '2026-10-20',
      targets: [{ series: 'Coolray', targetUnits: 20 }],
      history,
      actualDeliveries: [],
      actualProspects: [],
    });
    const bySource = Object.fromEntries(report.channels.map((c) => [c.source, c]));
    // showroom: 20 × 10/20 = 10 cars at 5% -> 200 prospects
    expect(bySource.showroom).toMatchObject({
      expectedUnits: 10,
      conversionRate: 0.05,
      prospectsNeeded: 200,
    });
    // referral: 6 cars at 15% -> 40; website: 4 cars at 2.5% -> 160
    expect(bySource.referral!.prospectsNeeded).toBe(40);
    expect(bySource.website!.prospectsNeeded).toBe(160);
    expect(report.totals).toMatchObject({ targetUnits: 20, prospectsNeeded: 400 });
    expect(report.daysElapsed).toBe(0);
  });

  it('rounds prospects up: a fraction of a prospect is one more person to find', () => {
    const report = conquestReport({
      period: november,
      today: '2026-11-01',
      targets: [{ series: 'Coolray', targetUnits: 7 }],
      history: [
        { source: 'showroom', leads: 10, delivered: 2 },
        { source: 'event', leads: 11, delivered: 1 },
      ],
      actualDeliveries: [],
      actualProspects: [],
    });
    const bySource = Object.fromEntries(report.channels.map((c) => [c.source, c]));
    // showroom: 7 × 10 / 3 = 23.33 -> 24; event: 7 × 11 / 3 = 25.67 -> 26
    expect(bySource.showroom!.prospectsNeeded).toBe(24);
    expect(bySource.event!.prospectsNeeded).toBe(26);
    // one day of 30 gone: 24/30 -> 1 prospect due, 26/30 -> 1
    expect(bySource.showroom!.prospectsDueToDate).toBe(1);
    expect(bySource.event!.prospectsDueToDate).toBe(1);
  });

  it('does not plan channels without history, and counts on none that never converted', () => {
    const report = conquestReport({
      period: november,
      today: '2026-11-15',
      targets: [{ series: 'Coolray', targetUnits: 10 }],
      history: [
        { source: 'showroom', leads: 50, delivered: 5 },
        { source: 'purchased_data', leads: 300, delivered: 0 },
      ],
      actualDeliveries: [],
      actualProspects: [
        { source: 'showroom', leads: 30 },
        { source: 'brand_cooperation', leads: 4 },
      ],
    });
    const bySource = Object.fromEntries(report.channels.map((c) => [c.source, c]));
    expect(bySource.showroom).toMatchObject({ prospectsNeeded: 100, actualProspects: 30 });
    expect(bySource.purchased_data).toMatchObject({
      conversionRate: 0,
      expectedUnits: 0,
      prospectsNeeded: 0,
    });
    expect(bySource.brand_cooperation).toMatchObject({
      historicalLeads: 0,
      conversionRate: null,
      prospectsNeeded: null,
      prospectsDueToDate: null,
      actualProspects: 4,
    });
    expect(report.totals).toMatchObject({ prospectsNeeded: 100, actualProspects: 34 });
  });

  it('says so when the dealer has no deliveries to learn from', () => {
    const report = conquestReport({
      period: november,
      today: '2026-11-15',
      targets: [{ series: 'Coolray', targetUnits: 10 }],
      history: [{ source: 'showroom', leads: 50, delivered: 0 }],
      actualDeliveries: [],
      actualProspects: [],
    });
    expect(report.noHistory).toBe(true);
    expect(report.channels[0]!.prospectsNeeded).toBeNull();
    expect(report.totals.prospectsNeeded).toBe(0);
  });

  it('shows plan vs actual per series as the month runs, with unplanned series too', () => {
    const report = conquestReport({
      period: november,
      today: '2026-11-10',
      targets: [
        { series: 'Coolray', targetUnits: 12 },
        { series: 'Monjaro', targetUnits: 3 },
      ],
      history,
      actualDeliveries: [
        { series: 'Coolray', units: 5 },
        { series: 'Atlas', units: 1 },
      ],
      actualProspects: [],
    });
    expect(report.daysElapsed).toBe(10);
    expect(report.series).toEqual([
      { series: 'Coolray', targetUnits: 12, unitsDueToDate: 4, actualUnits: 5 },
      { series: 'Monjaro', targetUnits: 3, unitsDueToDate: 1, actualUnits: 0 },
      { series: 'Atlas', targetUnits: 0, unitsDueToDate: 0, actualUnits: 1 },
    ]);
    expect(report.totals).toMatchObject({ targetUnits: 15, actualUnits: 6 });
  });
});

describe('periods', () => {
  it('knows the last day of months and quarters, leap years included', () => {
    expect(periodOf('month', '2028-02-01')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(periodOf('quarter', '2026-10-01')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
  });

  it('plans from the twelve months before the period', () => {
    expect(historyWindow(periodOf('month', '2026-01-01'))).toEqual({
      start: '2025-01-01',
      end: '2025-12-31',
    });
  });

  it('counts elapsed days with today, never beyond the period', () => {
    expect(elapsedDays(november, '2026-10-31')).toBe(0);
    expect(elapsedDays(november, '2026-11-01')).toBe(1);
    expect(elapsedDays(november, '2027-01-01')).toBe(30);
  });

  it('divides rounding up, exactly', () => {
    expect(ceilDiv(0, 3)).toBe(0);
    expect(ceilDiv(9, 3)).toBe(3);
    expect(ceilDiv(10, 3)).toBe(4);
  });
});
