import { NavLink } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCan } from '../../session/session-context.tsx';

const links = [
  { to: '/analytics/dashboards', key: 'dashboards', permission: 'analytics:read' },
  { to: '/analytics/retention', key: 'retention', permission: 'retention:read' },
] as const;

/** The analytics section of the main navigation, for those who may read analytics. */
export function AnalyticsNavigation() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const canRetention = useCan('retention:read');
  const canAnalytics = useCan('analytics:read');
  if (!canRetention && !canAnalytics) return null;
  return (
    <NavLink
      label={t('analytics.nav.analytics')}
      leftSection={<IconChartBar size={18} stroke={1.7} />}
      defaultOpened={pathname.startsWith('/analytics')}
      childrenOffset={28}
    >
      {links
        .filter((link) => (link.permission === 'analytics:read' ? canAnalytics : canRetention))
        .map((link) => (
          <NavLink
            key={link.to}
            component={Link}
            to={link.to}
            label={t(`analytics.nav.${link.key}`)}
            active={pathname.startsWith(link.to)}
          />
        ))}
    </NavLink>
  );
}
