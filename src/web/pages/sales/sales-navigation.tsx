import { IconReceipt } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NavSection } from '../../components/nav-section.tsx';

/** The sales section of the main navigation: orders, company agreements, conquest plans, stock arrivals. */
export function SalesNavigation() {
  const { t } = useTranslation();
  return (
    <NavSection
      label={t('sales.nav.sales')}
      icon={<IconReceipt size={18} stroke={1.7} />}
      links={[
        { to: '/orders', label: t('sales.nav.orders') },
        { to: '/agreements', label: t('sales.nav.agreements') },
        { to: '/conquest-plans', label: t('sales.nav.plans') },
        { to: '/stock-arrivals', label: t('sales.nav.stock') },
      ]}
    />
  );
}
