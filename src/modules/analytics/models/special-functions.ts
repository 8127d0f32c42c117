/**
 * Special functions the customer-base models need, written for numerical stability rather than
 * speed: everything that can overflow is computed on the log scale.
 */

// Lanczos approximation, g = 7, n = 9: about 15 significant digits for real arguments > 0.
const lanczosG = 7;
const lanczosCoefficients = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

/** log Γ(x) for x > 0 (reflection for x < 0.5 keeps the accuracy near zero). */
export function logGamma(x: number): number {
  if (!(x > 0)) {
    if (x === 0) return Infinity;
    throw new RangeError(`logGamma is defined here for positive arguments only (got ${x})`);
  }
  if (x < 0.5) {
    // Γ(x) Γ(1 - x) = π / sin(πx); sin(πx) > 0 for 0 < x < 0.5
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = lanczosCoefficients[0]!;
  for (let i = 1; i < lanczosCoefficients.length; i++) sum += lanczosCoefficients[i]! / (z + i);
  const t = z + lanczosG + 0.5;
  return halfLogTwoPi + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** log(e^a + e^b) without overflow. */
export function logSumExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 and a, b > 0, by its power
 * series, returned as mantissa * e^logScale: the running sum is rescaled when it grows large so
 * that big parameters (a customer with many visits) cannot overflow. c may be negative (the
 * models' c = a + b + x - 1 is for small a + b); then the first terms change sign and the
 * mantissa may be negative. A c at or next to a non-positive integer is nudged by 1e-9.
 * The series converges like z^j: slowly only when z is close to 1, which the callers'
 * z = t / (alpha + T + t) reaches only for horizons far longer than the history.
 */
export function hypergeometric2F1(
  a: number,
  b: number,
  c: number,
  z: number,
): { mantissa: number; logScale: number } {
  if (!(z >= 0 && z < 1)) throw new RangeError(`2F1 series needs 0 <= z < 1 (got ${z})`);
  if (!(a > 0 && b > 0)) throw new RangeError('2F1 series needs a, b > 0');
  if (c <= 0 && Math.abs(c - Math.round(c)) < 1e-9) c += 1e-9;
  let term = 1;
  let sum = 1;
  let logScale = 0;
  const maxTerms = 1_000_000;
  for (let j = 0; j < maxTerms; j++) {
    term *= (((a + j) * (b + j)) / ((c + j) * (j + 1))) * z;
    sum += term;
    if (Math.abs(sum) > 1e200) {
      sum /= 1e200;
      term /= 1e200;
      logScale += Math.log(1e200);
    }
    // past c + j > 0 every term has the sign of the last and the ratio of successive terms
    // falls towards z: once it is below 1 the tail is bounded by a geometric series
    const ratio = (((a + j + 1) * (b + j + 1)) / ((c + j + 1) * (j + 2))) * z;
    if (c + j + 1 > 0 && ratio < 1 && Math.abs(term) / (1 - ratio) < 1e-15 * Math.abs(sum)) break;
  }
  return { mantissa: sum, logScale };
}

/** log 2F1 for the usual case of a positive value (c > 0). */
export function logHypergeometric2F1(a: number, b: number, c: number, z: number): number {
  const { mantissa, logScale } = hypergeometric2F1(a, b, c, z);
  if (!(mantissa > 0)) throw new RangeError('2F1 is not positive here; use hypergeometric2F1');
  return logScale + Math.log(mantissa);
}
