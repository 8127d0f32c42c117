import { NavLink } from '@mantine/core';
import { IconSpeakerphone } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCan } from '../../session/session-context.tsx';

const links = [
  { to: '/segments', key: 'segments' },
  { to: '/campaigns', key: 'campaigns' },
] as const;

/** The marketing section of the main navigation: segment builder and campaigns. */
export function MarketingNavigation() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const canRead = useCan('marketing:read');
  if (!canRead) return null;
  const inMarketing = links.some((link) => pathname.startsWith(link.to));
  return (
    <NavLink
      label={t('marketing.nav.marketing')}
      leftSection={<IconSpeakerphone size={18} stroke={1.7} />}
      defaultOpened={inMarketing}
      childrenOffset={28}
    >
      {links.map((link) => (
        <NavLink
          key={link.to}
          component={Link}
          to={link.to}
          label={t(`marketing.nav.${link.key}`)}
          active={pathname.startsWith(link.to)}
        />
      ))}
    </NavLink>
  );
}
