import { IconSpeakerphone } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NavSection } from '../../components/nav-section.tsx';
import { useCan } from '../../session/session-context.tsx';

/** The marketing section of the main navigation: segment builder, campaigns and their ROI. */
export function MarketingNavigation() {
  const { t } = useTranslation();
  const canRead = useCan('marketing:read');
  return (
    <NavSection
      label={t('marketing.nav.marketing')}
      icon={<IconSpeakerphone size={18} stroke={1.7} />}
      links={
        canRead
          ? [
              { to: '/segments', label: t('marketing.nav.segments') },
              { to: '/campaigns', label: t('marketing.nav.campaigns') },
              { to: '/marketing/offers', label: t('marketing.nav.offers') },
              { to: '/marketing/roi', label: t('marketing.nav.roi') },
            ]
          : []
      }
    />
  );
}
