import { ModelDataError } from '../models/model-errors.ts';

/**
 * Categorical naive Bayes for two classes (buyer / not a buyer), with Laplace smoothing.
 *
 * An example is a set of categorical features; a missing value (null or absent) is simply not
 * observed, so it neither helps nor hurts (a list of people often lacks half the fields).
 * P(value | class) = (count + alpha) / (observed + alpha * (K + 1)), where K is the number of
 * values the feature took in training and the extra one is the share kept for a value never
 * seen, so an imported list with a new occupation still scores.
 */
export type Example = Readonly<Record<string, string | null | undefined>>;

export type LabelledExample = { features: Example; buyer: boolean };

/** Per class: index 0 = not a buyer, 1 = buyer. */
type ClassPair = [number, number];

export type FeatureCounts = {
  /** examples of each class with a value for this feature */
  observed: ClassPair;
  values: Record<string, ClassPair>;
};

export type NaiveBayesModel = {
  alpha: number;
  classCounts: ClassPair;
  features: Record<string, FeatureCounts>;
};

export type Contribution = { feature: string; value: string; logRatio: number };

export function fitNaiveBayes(examples: readonly LabelledExample[], alpha = 1): NaiveBayesModel {
  if (!(alpha > 0)) throw new RangeError('alpha must be positive');
  if (examples.length === 0) {
    throw new ModelDataError('no_customers', 'There are no people to learn from');
  }
  const classCounts: ClassPair = [0, 0];
  const features: Record<string, FeatureCounts> = {};
  for (const { features: example, buyer } of examples) {
    const label = buyer ? 1 : 0;
    classCounts[label] += 1;
    for (const [name, value] of Object.entries(example)) {
      if (value === null || value === undefined || value === '') continue;
      const feature = (features[name] ??= { observed: [0, 0], values: {} });
      feature.observed[label] += 1;
      const pair = (feature.values[value] ??= [0, 0]);
      pair[label] += 1;
    }
  }
  if (classCounts[1] === 0) {
    throw new ModelDataError(
      'one_outcome_only',
      'Nobody in the training period bought: there is no buyer profile to learn',
    );
  }
  if (classCounts[0] === 0) {
    throw new ModelDataError(
      'one_outcome_only',
      'Everybody in the training period bought: nothing tells buyers from the others',
    );
  }
  return { alpha, classCounts, features };
}

// the number of values per feature, counted once per model: scoring a million people asks it
// for every feature of every person
const distinctCache = new WeakMap<NaiveBayesModel, Map<string, number>>();

function distinctValues(model: NaiveBayesModel, feature: string): number {
  let cache = distinctCache.get(model);
  if (!cache) {
    cache = new Map(
      Object.entries(model.features).map(([name, counts]) => [
        name,
        Object.keys(counts.values).length,
      ]),
    );
    distinctCache.set(model, cache);
  }
  return cache.get(feature) ?? 0;
}

/** Smoothed P(value | class) of one feature. */
export function conditionalProbability(
  model: NaiveBayesModel,
  feature: string,
  value: string,
  buyer: boolean,
): number {
  const counts = model.features[feature];
  const label = buyer ? 1 : 0;
  const distinct = counts ? distinctValues(model, feature) : 0;
  const seen = counts?.values[value]?.[label] ?? 0;
  const observed = counts?.observed[label] ?? 0;
  return (seen + model.alpha) / (observed + model.alpha * (distinct + 1));
}

/** How much each observed feature moves the odds towards "buyer", strongest first. */
export function contributions(model: NaiveBayesModel, example: Example): Contribution[] {
  const result: Contribution[] = [];
  for (const [feature, value] of Object.entries(example)) {
    // a feature the model never saw says nothing about either class
    if (value === null || value === undefined || value === '' || !model.features[feature]) {
      continue;
    }
    const logRatio =
      Math.log(conditionalProbability(model, feature, value, true)) -
      Math.log(conditionalProbability(model, feature, value, false));
    result.push({ feature, value, logRatio });
  }
  return result.sort((left, right) => right.logRatio - left.logRatio);
}

/** log P(buyer | x) - log P(not a buyer | x). */
export function logOdds(model: NaiveBayesModel, example: Example): number {
  let sum = Math.log(model.classCounts[1]) - Math.log(model.classCounts[0]);
  // the same terms as contributions(), without building and sorting them
  for (const [feature, value] of Object.entries(example)) {
    if (value === null || value === undefined || value === '' || !model.features[feature]) {
      continue;
    }
    sum +=
      Math.log(conditionalProbability(model, feature, value, true)) -
      Math.log(conditionalProbability(model, feature, value, false));
  }
  return sum;
}

/** P(buyer | x). */
export function buyerProbability(model: NaiveBayesModel, example: Example): number {
  return 1 / (1 + Math.exp(-logOdds(model, example)));
}
