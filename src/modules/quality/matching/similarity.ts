/**
 * String similarity used by the comparisons. Jaro-Winkler is the classic record-linkage
 * measure for short name strings (it forgives transpositions and rewards a shared prefix).
 */
const scratchSize = 256;
const scratchA = new Uint8Array(scratchSize);
const scratchB = new Uint8Array(scratchSize);

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  // Scratch buffers reused between calls: millions of comparisons must not allocate.
  const matchedA = la <= scratchSize ? scratchA.fill(0, 0, la) : new Uint8Array(la);
  const matchedB = lb <= scratchSize ? scratchB.fill(0, 0, lb) : new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    const ch = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] || b.charCodeAt(j) !== ch) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  const maxPrefix = Math.min(4, la, lb);
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * True when the strings differ by at most one edit: one substitution, insertion, deletion
 * or a swap of two neighbouring characters (the typing errors of dates, postcodes, ids).
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Share of distinct words two texts have in common (Jaccard over their sorted word lists). */
export function tokenOverlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let common = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}

/** The distinct words of a text, sorted (what `tokenOverlap` takes). */
export function wordSet(text: string): string[] {
  return [...new Set(text.split(' ').filter(Boolean))].sort();
}

const soundexCodes: Record<string, string> = {
  b: '1',
  f: '1',
  p: '1',
  v: '1',
  c: '2',
  g: '2',
  j: '2',
  k: '2',
  q: '2',
  s: '2',
  x: '2',
  z: '2',
  d: '3',
  t: '3',
  l: '4',
  m: '5',
  n: '5',
  r: '6',
};

/** American Soundex of a Latin word: a coarse sound key for blocking, e.g. R163 for Robert. */
export function soundex(word: string): string {
  const letters = word.replace(/[^a-z]/g, '');
  if (!letters) return '';
  let code = letters[0]!.toUpperCase();
  let previous = soundexCodes[letters[0]!] ?? '';
  for (let i = 1; i < letters.length && code.length < 4; i++) {
    const ch = letters[i]!;
    const digit = soundexCodes[ch] ?? '';
    if (digit && digit !== previous) code += digit;
    // h and w do not separate equal codes; vowels do.
    if (ch !== 'h' && ch !== 'w') previous = digit;
  }
  return code.padEnd(4, '0');
}

const letterCounts = new Int16Array(26);

/**
 * True when two Latin words of four letters or more are made of the same letters in another
 * order, give or take one letter added, dropped or replaced ("aessicj" / Jessica, "hogu" /
 * Hugo, "hehray" / Harvey): letters typed out of order, which Jaro-Winkler scores as different
 * names once more than neighbours are swapped. Other scripts and shorter words: false.
 */
export function scrambledLetters(a: string, b: string): boolean {
  if (a.length < 4 || b.length < 4 || Math.abs(a.length - b.length) > 1) return false;
  letterCounts.fill(0);
  for (let i = 0; i < a.length; i++) {
    const code = a.charCodeAt(i) - 97;
    if (code < 0 || code > 25) return false;
    letterCounts[code]!++;
  }
  for (let i = 0; i < b.length; i++) {
    const code = b.charCodeAt(i) - 97;
    if (code < 0 || code > 25) return false;
    letterCounts[code]!--;
  }
  let surplus = 0;
  let shortfall = 0;
  for (const count of letterCounts) {
    if (count > 0) surplus += count;
    else shortfall -= count;
  }
  // One letter added or dropped: 1 and 0; one replaced: 1 and 1.
  return surplus <= 1 && shortfall <= 1;
}
