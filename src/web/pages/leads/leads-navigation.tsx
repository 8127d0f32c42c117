import { NavLink } from '@mantine/core';
import { IconTargetArrow } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCan } from '../../session/session-context.tsx';
import { useEditsLeadSources, useRoutingRuleAccess } from './lead-settings-access.ts';

/** The leads section of the main navigation: board, list, new prospect, showroom log, costs, settings. */
export function LeadsNavigation() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const canWrite = useCan('customers:write');
  // source costs are marketing money: those who read marketing or analytics see them
  const readsMarketing = useCan('marketing:read');
  const readsAnalytics = useCan('analytics:read');
  const seesCosts = readsMarketing || readsAnalytics;
  const editsSources = useEditsLeadSources();
  const readsRules = useRoutingRuleAccess().read;
  const links: { to: string; label: string }[] = [
    { to: '/leads/board', label: t('leads.nav.board') },
    { to: '/leads', label: t('leads.nav.list') },
    ...(canWrite ? [{ to: '/leads/new', label: t('leads.nav.entry') }] : []),
    ...(canWrite ? [{ to: '/leads/showroom', label: t('leads.nav.showroom') }] : []),
    ...(seesCosts ? [{ to: '/leads/costs', label: t('leads.nav.costs') }] : []),
    // settings: shown only to those the API lets change (sources) or read (rules) them
    ...(editsSources ? [{ to: '/leads/sources', label: t('leadSettings.nav.sources') }] : []),
    ...(readsRules ? [{ to: '/leads/routing', label: t('leadSettings.nav.rules') }] : []),
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
          label={link.label}
          active={pathname === link.to}
        />
      ))}
    </NavLink>
  );
}
