import { NavLink } from '@mantine/core';
import { IconTool } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

const links = [
  { to: '/complaints', key: 'title' },
  { to: '/claims-index', key: 'claimsIndex' },
  { to: '/recalls', key: 'recalls' },
] as const;

/** The after-sales section of the main navigation: complaints, the claims index, recalls. */
export function ServiceNavigation() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const inService = links.some((link) => pathname.startsWith(link.to));
  return (
    <NavLink
      label={t('service.complaints.nav')}
      leftSection={<IconTool size={18} stroke={1.7} />}
      defaultOpened={inService}
      childrenOffset={28}
    >
      {links.map((link) => (
        <NavLink
          key={link.to}
          component={Link}
          to={link.to}
          label={
            link.key === 'recalls'
              ? t('service.recalls.title')
              : t(`service.complaints.${link.key}`)
          }
          active={pathname.startsWith(link.to)}
        />
      ))}
    </NavLink>
  );
}
