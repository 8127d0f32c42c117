import { useTranslation } from 'react-i18next';

/**
 * The English names a new club's tiers get by default (the server's `defaultTiers`;
 * tier-name.test.ts holds the two together). A tier still so named is shown in the reader's
 * language; a name the club gave itself is shown as it is.
 */
export const defaultTierNames = {
  ordinary: 'Ordinary',
  middle: 'Middle',
  premium: 'Premium',
} as const;

type DefaultTierCode = keyof typeof defaultTierNames;

function isDefaultTier(tier: { code: string; name: string }): tier is {
  code: DefaultTierCode;
  name: string;
} {
  return (
    tier.code in defaultTierNames && defaultTierNames[tier.code as DefaultTierCode] === tier.name
  );
}

/** A club tier's name as the reader says it. */
export function useTierName(): (tier: { code: string; name: string }) => string {
  const { t } = useTranslation();
  return (tier) => (isDefaultTier(tier) ? t(`club.defaultTier.${tier.code}`) : tier.name);
}

/** Exported for the test: which tiers read in the reader's language. */
export const readsTranslated = isDefaultTier;
