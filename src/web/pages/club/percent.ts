/** A share (0..1) as a percentage with one decimal, in the user's locale. */
export function percent(share: number | null, locale: string): string {
  if (share === null) return '–';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    share,
  );
}
