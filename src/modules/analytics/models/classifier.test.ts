import { describe, expect, it } from 'vitest';
import { areaUnderRoc, brierScore, calibrationBins } from './evaluation.ts';
import { fitLogistic, predictLogistic } from './logistic-regression.ts';
import { ModelDataError } from './model-errors.ts';
import { seededRandom } from './simulate.ts';

describe('holdout measures', () => {
  it('computes AUC by hand-checked examples, ties counting half', () => {
    expect(areaUnderRoc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(areaUnderRoc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(areaUnderRoc([4, 3, 2, 1], [0, 0, 1, 1])).toBe(0);
    expect(areaUnderRoc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(areaUnderRoc([0.2, 0.3], [1, 1])).toBeNull();
  });

  it('computes the Brier score and calibration bins', () => {
    expect(brierScore([1, 0, 0.5], [1, 0, 1])).toBeCloseTo(0.25 / 3, 12);
    expect(calibrationBins([0.05, 0.15, 0.12, 0.95], [0, 1, 0, 1], 10)).toEqual([
      { from: 0, to: 0.1, count: 1, predicted: 0.05, observed: 0 },
      { from: 0.1, to: 0.2, count: 2, predicted: 0.135, observed: 0.5 },
      { from: 0.9, to: 1, count: 1, predicted: 0.95, observed: 1 },
    ]);
  });
});

describe('logistic regression', () => {
  it('recovers the coefficients the labels were drawn with, and is calibrated', () => {
    const random = seededRandom(11);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const a = random() * 4 - 2;
      const b = random() * 10;
      const p = 1 / (1 + Math.exp(-(-1 + 1.5 * a - 0.3 * b)));
      rows.push([a, b]);
      labels.push(random() < p ? 1 : 0);
    }
    const model = fitLogistic(['a', 'b'], rows, labels, { l2: 0 });
    // back from standardised to raw coefficients
    const rawA = model.weights[1]! / model.scales[0]!;
    const rawB = model.weights[2]! / model.scales[1]!;
    expect(rawA).toBeCloseTo(1.5, 1);
    expect(rawB).toBeCloseTo(-0.3, 1);
    expect(predictLogistic(model, [0, 0])).toBeCloseTo(1 / (1 + Math.exp(1)), 1);
    const predictions = rows.map((row) => predictLogistic(model, row));
    for (const bin of calibrationBins(predictions, labels)) {
      if (bin.count > 500) expect(Math.abs(bin.predicted - bin.observed)).toBeLessThan(0.05);
    }
    expect(areaUnderRoc(predictions, labels)).toBeGreaterThan(0.75);
  });

  it('refuses data with one outcome only', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [i]);
    expect(() =>
      fitLogistic(
        ['x'],
        rows,
        rows.map(() => 1),
      ),
    ).toThrow(ModelDataError);
    expect(() => fitLogistic(['x'], rows.slice(0, 5), [0, 1, 0, 1, 0])).toThrow(ModelDataError);
  });
});
