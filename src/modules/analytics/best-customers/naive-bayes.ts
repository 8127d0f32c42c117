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
export type ClassPair = [number, number];

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
  return modelFromCounts(classCounts, features, alpha);
}

/**
 * The model from counts made elsewhere (the fit counts people in SQL): the same checks as
 * fitNaiveBayes, so a count of no buyers fails the same way.
 */
export function modelFromCounts(
  classCounts: ClassPair,
  features: Record<string, FeatureCounts>,
  alpha = 1,
): NaiveBayesModel {
  if (!(alpha > 0)) throw new RangeError('alpha must be positive');
  if (classCounts[0] + classCounts[1] === 0) {
    throw new ModelDataError('no_customers', 'There are no people to learn from');
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

/**
 * log P(value | buyer) - log P(value | not a buyer): what one observed value adds to the log
 * odds. The SQL scoring keeps exactly these numbers, so both sum the same terms.
 */
export function featureLogRatio(model: NaiveBayesModel, feature: string, value: string): number {
  return (
    Math.log(conditionalProbability(model, feature, value, true)) -
    Math.log(conditionalProbability(model, feature, value, false))
  );
}

/** featureLogRatio() of a value the fit never saw (an imported list's new occupation). */
export function unseenLogRatio(model: NaiveBayesModel, feature: string): number {
  const counts = model.features[feature];
  const distinct = counts ? distinctValues(model, feature) : 0;
  // conditionalProbability() with a count of 0: the same arithmetic, so the same number
  const probability = (label: 0 | 1) =>
    (0 + model.alpha) / ((counts?.observed[label] ?? 0) + model.alpha * (distinct + 1));
  return Math.log(probability(1)) - Math.log(probability(0));
}

/** log P(buyer) - log P(not a buyer): the log odds before any feature is seen. */
export function priorLogOdds(model: NaiveBayesModel): number {
  return Math.log(model.classCounts[1]) - Math.log(model.classCounts[0]);
}

/** How much each observed feature moves the odds towards "buyer", strongest first. */
export function contributions(model: NaiveBayesModel, example: Example): Contribution[] {
  const result: Contribution[] = [];
  for (const [feature, value] of Object.entries(example)) {
    // a feature the model never saw says nothing about either class
    if (value === null || value === undefined || value === '' || !model.features[feature]) {
      continue;
    }
    const logRatio = featureLogRatio(model, feature, value);
    result.push({ feature, value, logRatio });
  }
  return result.sort((left, right) => right.logRatio - left.logRatio);
}

/** log P(buyer | x) - log P(not a buyer | x). */
export function logOdds(model: NaiveBayesModel, example: Example): number {
  let sum = priorLogOdds(model);
  // the same terms as contributions(), without building and sorting them
  for (const [feature, value] of Object.entries(example)) {
    if (value === null || value === undefined || value === '' || !model.features[feature]) {
      continue;
    }
    sum += featureLogRatio(model, feature, value);
  }
  return sum;
}

/** P(buyer | x). */
export function buyerProbability(model: NaiveBayesModel, example: Example): number {
  return 1 / (1 + Math.exp(-logOdds(model, example)));
}
