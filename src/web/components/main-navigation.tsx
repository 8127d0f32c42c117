import { NavLink, Stack } from '@mantine/core';
import {
  IconApi,
  IconCalendarCheck,
  IconChartDots,
  IconExternalLink,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCan } from '../session/session-context.tsx';
import { AnalyticsNavigation } from '../pages/analytics/analytics-navigation.tsx';
import { ImportsNavigation } from '../pages/imports/imports-navigation.tsx';
import { JourneysNavigation } from '../pages/journeys/journeys-navigation.tsx';
import { LeadsNavigation } from '../pages/leads/leads-navigation.tsx';
import { MarketingNavigation } from '../pages/marketing/marketing-navigation.tsx';
import { SalesNavigation } from '../pages/sales/sales-navigation.tsx';
import { ClubNavigation } from '../pages/club/club-navigation.tsx';
import { ServiceNavigation } from '../pages/service/service-navigation.tsx';
import { TestDrivesNavigation } from '../pages/test-drives/test-drives-navigation.tsx';

export function MainNavigation() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const canCreate = useCan('customers:write');
  const canSeeQuality = useCan('quality:read');
  const onCustomerList = pathname === '/customers' || /^\/customers\/(?!new)/.test(pathname);

  return (
    <Stack gap={4} component="nav" aria-label={t('nav.main')}>
      <NavLink
        component={Link}
        to="/my-day"
        label={t('nav.myDay')}
        leftSection={<IconCalendarCheck size={18} stroke={1.7} />}
        active={pathname.startsWith('/my-day')}
      />
      <NavLink
        component={Link}
        to="/customers"
        label={t('nav.customers')}
        leftSection={<IconUsers size={18} stroke={1.7} />}
        active={onCustomerList}
      />
      {canCreate && (
        <NavLink
          component={Link}
          to="/customers/new"
          label={t('nav.newCustomer')}
          leftSection={<IconUserPlus size={18} stroke={1.7} />}
          active={pathname === '/customers/new'}
        />
      )}
      <LeadsNavigation />
      <TestDrivesNavigation />
      <SalesNavigation />
      <ServiceNavigation />
      <ClubNavigation />
      <MarketingNavigation />
      <JourneysNavigation />
      <ImportsNavigation />
      {canSeeQuality && (
        <NavLink
          component={Link}
          to="/quality"
          label={t('quality.nav.quality')}
          leftSection={<IconChartDots size={18} stroke={1.7} />}
          active={pathname.startsWith('/quality')}
        />
      )}
      <AnalyticsNavigation />
      <NavLink
        href="/api/docs"
        target="_blank"
        rel="noopener"
        label={t('nav.apiReference')}
        leftSection={<IconApi size={18} stroke={1.7} />}
        rightSection={<IconExternalLink size={14} stroke={1.5} />}
      />
    </Stack>
  );
}
