import { NavLink } from '@mantine/core';
import { IconTargetArrow } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCan } from '../../session/session-context.tsx';

/** The leads section of the main navigation: board, list, the showroom log, source costs. */
export function LeadsNavigation() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const canWrite = useCan('customers:write');
  // source costs are marketing money: those who read marketing or analytics see them
  const readsMarketing = useCan('marketing:read');
  const readsAnalytics = useCan('analytics:read');
  const seesCosts = readsMarketing || readsAnalytics;
  const links: { to: string; key: 'board' | 'list' | 'showroom' | 'costs' }[] = [
    { to: '/leads/board', key: 'board' },
    { to: '/leads', key: 'list' },
    ...(canWrite ? [{ to: '/leads/showroom', key: 'showroom' as const }] : []),
    ...(seesCosts ? [{ to: '/leads/costs', key: 'costs' as const }] : []),
  ];
  return (
    <NavLink
      label={t('leads.nav.leads')}
      leftSection={<IconTargetArrow size={18} stroke={1.7} />}
      defaultOpened={pathname.startsWith('/leads')}
      childrenOffset={28}
    >
      {links.map((link) => (
        <NavLink
          key={link.to}
          component={Link}
          to={link.to}
          label={t(`leads.nav.${link.key}`)}
          active={pathname === link.to}
        />
      ))}
    </NavLink>
  );
}
