import { NavLink } from '@mantine/core';
import { IconReceipt } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

const links = [
  { to: '/orders', key: 'orders' },
  { to: '/agreements', key: 'agreements' },
  { to: '/conquest-plans', key: 'plans' },
] as const;

/** The sales section of the main navigation: orders, company agreements, conquest plans. */
export function SalesNavigation() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const inSales = links.some((link) => pathname.startsWith(link.to));
  return (
    <NavLink
      label={t('sales.nav.sales')}
      leftSection={<IconReceipt size={18} stroke={1.7} />}
      defaultOpened={inSales}
      childrenOffset={28}
    >
      {links.map((link) => (
        <NavLink
          key={link.to}
          component={Link}
          to={link.to}
          label={t(`sales.nav.${link.key}`)}
          active={pathname.startsWith(link.to)}
        />
      ))}
    </NavLink>
  );
}
