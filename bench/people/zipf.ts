/**
 * Long-tailed draws for the synthetic people: rank r (0-based) of a pool comes with probability
 * proportional to 1 / (r + 1 + flatten)^exponent (Zipf-Mandelbrot). Real name and city
 * frequencies look like this: a few very common values and a long tail of rare ones. `flatten`
 * lowers the head (Иванов is about 1 % of Russians, not the 10 % plain Zipf would give).
 */
export function zipfPicker<T>(
  items: readonly T[],
  random: () => number,
  { exponent = 1, flatten = 0 }: { exponent?: number; flatten?: number } = {},
): () => T {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  for (let r = 0; r < items.length; r++) {
    total += 1 / (r + 1 + flatten) ** exponent;
    cumulative[r] = total;
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = items.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return items[low]!;
  };
}

/** The share of the most common value, to check a pool's head against known figures. */
export function headShare(size: number, exponent = 1, flatten = 0): number {
  let total = 0;
  for (let r = 0; r < size; r++) total += 1 / (r + 1 + flatten) ** exponent;
  return 1 / (1 + flatten) ** exponent / total;
}

/** Every combination of the parts, in a fixed shuffled order (so rank is not alphabetical). */
export function combine(parts: readonly (readonly string[])[], random: () => number): string[] {
  let out = [''];
  for (const options of parts) out = out.flatMap((head) => options.map((tail) => head + tail));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
