import { IconAward } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NavSection, type NavSectionLink } from '../../components/nav-section.tsx';
import { useCan } from '../../session/session-context.tsx';

/** The owners club in the main navigation: members, events, partners and (for all readers) setup. */
export function ClubNavigation() {
  const { t } = useTranslation();
  const canSeeClub = useCan('club:read');
  const links: NavSectionLink[] = canSeeClub
    ? [
        { to: '/club/members', label: t('aftersales.club.nav.members') },
        { to: '/club/events', label: t('aftersales.club.nav.events') },
        { to: '/club/partners', label: t('aftersales.club.nav.partners') },
        { to: '/club/setup', label: t('aftersales.club.nav.setup') },
      ]
    : [];
  return (
    <NavSection
      label={t('club.nav.club')}
      icon={<IconAward size={18} stroke={1.7} />}
      links={links}
    />
  );
}
