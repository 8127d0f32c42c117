/**
 * E-mail domains beyond the syntax: domains that cannot exist, and misspellings of the mail
 * services our customers use. The quality run compiles these lists and patterns into its SQL
 * (`emailDomainSuggestionSql` in quality-sql.ts; the edit distance is `quality_edit_distance`
 * of migration 0213), and a test holds both forms to the same answers.
 */

/** The popular mail services of our markets (Russia, China, international). */
export const popularMailDomains = [
  'gmail.com',
  'yandex.ru',
  'ya.ru',
  'mail.ru',
  'bk.ru',
  'inbox.ru',
  'list.ru',
  'rambler.ru',
  'qq.com',
  '163.com',
  '126.com',
  'sina.com',
  'outlook.com',
  'hotmail.com',
  'icloud.com',
  'yahoo.com',
];

/**
 * Real mail domains that lie within the typo distance of a popular one: never flagged.
 * (Yandex's, Yahoo's and Microsoft's country domains, the Baltic inbox services, mail.com.)
 */
export const realLookalikeDomains = [
  'mail.com',
  'email.com',
  'ymail.com',
  'googlemail.com',
  'yandex.by',
  'yandex.kz',
  'yandex.ua',
  'yandex.uz',
  'yandex.com',
  'inbox.lv',
  'inbox.lt',
  'hotmail.ca',
  'yahoo.ca',
  'yahoo.cn',
  'myrambler.ru',
  // Tencent's second mail service, two edits from hotmail.com
  'foxmail.com',
];

/** Documentation domains that reach no one (RFC 2606 and the ones people type). */
export const placeholderDomains = ['example.com', 'example.org', 'example.net', 'test.com'];

/**
 * A domain that cannot exist: no dot, an empty label, a label starting or ending with a
 * hyphen, a top-level domain of one character or of digits only, or a reserved one.
 */
export const impossibleDomainPattern =
  '^[^.]*$|[.][^.]$|[.][0-9]+$|[.][.]|^[.]|[.]$|(^|[.])-|-([.]|$)|[.](test|example|invalid|localhost)$';

/** Gmail is only gmail.com: gmail.ru, gmail.co ... are typos whatever their distance to others. */
export const gmailOtherTldPattern = '^gmail[.][a-z.]+$';

/**
 * How far a typo may be from the popular domain: two edits where the name before the dot has
 * five characters or more (gmial.com, yandx.ru, hotmial.com), one for short names, whose
 * two-edit neighbours are mostly real domains (ya.ru and bk.ru are two edits apart).
 */
export function typoLimit(popular: string): number {
  return popular.split('.')[0]!.length >= 5 ? 2 : 1;
}

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment):
 * gmial.com is one edit from gmail.com. Counted in characters (code points), as PostgreSQL does.
 */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
    }
    before = previous;
    previous = current;
  }
  return previous[y.length]!;
}

export type EmailDomainFinding =
  { problem: 'invalid_email_domain' } | { problem: 'email_domain_typo'; suggestion: string };

/** What is wrong with the domain of an e-mail address (lower case), if anything. */
export function emailDomainProblem(domain: string): EmailDomainFinding | undefined {
  if (new RegExp(impossibleDomainPattern).test(domain) || placeholderDomains.includes(domain))
    return { problem: 'invalid_email_domain' };
  if (popularMailDomains.includes(domain) || realLookalikeDomains.includes(domain))
    return undefined;
  // Gmail is only gmail.com: gmail.ru is a Gmail user's slip, though one edit from mail.ru
  if (new RegExp(gmailOtherTldPattern).test(domain))
    return { problem: 'email_domain_typo', suggestion: 'gmail.com' };
  let best: { domain: string; distance: number } | undefined;
  for (const popular of popularMailDomains) {
    if (Math.abs(Array.from(popular).length - Array.from(domain).length) > 2) continue;
    const distance = editDistance(domain, popular);
    if (distance <= typoLimit(popular) && (!best || distance < best.distance))
      best = { domain: popular, distance };
  }
  return best ? { problem: 'email_domain_typo', suggestion: best.domain } : undefined;
}
