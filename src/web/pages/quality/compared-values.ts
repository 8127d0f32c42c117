import type { ComparedCustomer } from '../../api/quality.ts';

type ComparedValue = ComparedCustomer['fields'][string] | undefined;

/** An empty list says as little as a missing value: "no categories" is not a value to weigh. */
function isBlank(value: ComparedValue): boolean {
  return value == null || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Whether two records disagree on a profile field, so the side-by-side row is highlighted: both
 * must have a value (a gap is filled by the merge, not a conflict), and lists are compared by
 * their items in any order (a new array from the server is never the same object as another).
 */
export function valuesDisagree(a: ComparedValue, b: ComparedValue): boolean {
  if (isBlank(a) || isBlank(b)) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    const left = new Set(Array.isArray(a) ? a : [String(a)]);
    const right = new Set(Array.isArray(b) ? b : [String(b)]);
    return left.size !== right.size || [...left].some((item) => !right.has(item));
  }
  return String(a) !== String(b);
}
