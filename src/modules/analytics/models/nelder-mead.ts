/**
 * Nelder-Mead downhill simplex minimiser (standard coefficients: reflection 1, expansion 2,
 * contraction 0.5, shrink 0.5). Derivative-free, so it only needs the objective; the models
 * run it on log parameters, which keeps every parameter positive without constraints.
 */

export type NelderMeadOptions = {
  /** initial step along each axis */
  step?: number;
  maxIterations?: number;
  /** stop when the spread of objective values over the simplex is below this */
  tolerance?: number;
  /** restarts from the best point: a fresh simplex guards against a collapsed one */
  restarts?: number;
};

export type NelderMeadResult = {
  point: number[];
  value: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
};

export function nelderMead(
  objective: (point: number[]) => number,
  start: number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const restarts = options.restarts ?? 2;
  let result = minimiseOnce(objective, start, options);
  let evaluations = result.evaluations;
  let iterations = result.iterations;
  for (let restart = 0; restart < restarts; restart++) {
    const again = minimiseOnce(objective, result.point, {
      ...options,
      step: (options.step ?? 0.5) / 4,
    });
    evaluations += again.evaluations;
    iterations += again.iterations;
    const improved = result.value - again.value;
    if (again.value <= result.value) result = again;
    if (improved < (options.tolerance ?? 1e-9)) break;
  }
  return { ...result, evaluations, iterations };
}

function minimiseOnce(
  objective: (point: number[]) => number,
  start: number[],
  options: NelderMeadOptions,
): NelderMeadResult {
  const dimension = start.length;
  const step = options.step ?? 0.5;
  const maxIterations = options.maxIterations ?? 2000 * dimension;
  const tolerance = options.tolerance ?? 1e-9;
  let evaluations = 0;
  // a non-finite value (a parameter so extreme the likelihood under/overflows) counts as worst
  const evaluate = (point: number[]): number => {
    evaluations++;
    const value = objective(point);
    return Number.isFinite(value) ? value : Infinity;
  };

  let simplex: { point: number[]; value: number }[] = [{ point: start, value: evaluate(start) }];
  for (let i = 0; i < dimension; i++) {
    const point = [...start];
    point[i]! += step;
    simplex.push({ point, value: evaluate(point) });
  }

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    simplex.sort((left, right) => left.value - right.value);
    const best = simplex[0]!;
    const worst = simplex[dimension]!;
    const secondWorst = simplex[dimension - 1]!;
    if (Math.abs(worst.value - best.value) <= tolerance * (1 + Math.abs(best.value))) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(dimension).fill(0);
    for (let i = 0; i < dimension; i++) {
      for (let k = 0; k < dimension; k++) centroid[k]! += simplex[i]!.point[k]! / dimension;
    }
    const towards = (coefficient: number): number[] =>
      centroid.map((value, k) => value + coefficient * (worst.point[k]! - value));

    const reflected = towards(-1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < best.value) {
      const expanded = towards(-2);
      const expandedValue = evaluate(expanded);
      simplex[dimension] =
        expandedValue < reflectedValue
          ? { point: expanded, value: expandedValue }
          : { point: reflected, value: reflectedValue };
      continue;
    }
    if (reflectedValue < secondWorst.value) {
      simplex[dimension] = { point: reflected, value: reflectedValue };
      continue;
    }
    const outside = reflectedValue < worst.value;
    const contracted = towards(outside ? -0.5 : 0.5);
    const contractedValue = evaluate(contracted);
    if (contractedValue < (outside ? reflectedValue : worst.value)) {
      simplex[dimension] = { point: contracted, value: contractedValue };
      continue;
    }
    simplex = simplex.map((vertex, index) => {
      if (index === 0) return vertex;
      const point = vertex.point.map((value, k) => best.point[k]! + 0.5 * (value - best.point[k]!));
      return { point, value: evaluate(point) };
    });
  }
  simplex.sort((left, right) => left.value - right.value);
  return {
    point: simplex[0]!.point,
    value: simplex[0]!.value,
    iterations,
    evaluations,
    converged,
  };
}
