import { IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NavSection } from '../../components/nav-section.tsx';
import { useCan } from '../../session/session-context.tsx';

/** The analytics section of the main navigation: each page for those who may read it. */
export function AnalyticsNavigation() {
  const { t } = useTranslation();
  const canAnalytics = useCan('analytics:read');
  const canRetention = useCan('retention:read');
  return (
    <NavSection
      label={t('analytics.nav.analytics')}
      icon={<IconChartBar size={18} stroke={1.7} />}
      links={[
        ...(canAnalytics
          ? [
              { to: '/analytics/dashboards', label: t('analytics.nav.dashboards') },
              { to: '/analytics/csi', label: t('analytics.nav.csi') },
            ]
          : []),
        ...(canRetention
          ? [{ to: '/analytics/retention', label: t('analytics.nav.retention') }]
          : []),
        ...(canAnalytics
          ? [{ to: '/analytics/best-customers', label: t('bestCustomers.nav') }]
          : []),
        ...(canAnalytics ? [{ to: '/analytics/staffing', label: t('staffing.nav') }] : []),
        ...(canAnalytics ? [{ to: '/analytics/weekly-pack', label: t('reportPacks.nav') }] : []),
      ]}
    />
  );
}
