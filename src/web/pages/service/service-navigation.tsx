import { IconTool } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NavSection } from '../../components/nav-section.tsx';

/** The after-sales section of the main navigation: complaints, the claims index, recalls. */
export function ServiceNavigation() {
  const { t } = useTranslation();
  return (
    <NavSection
      label={t('service.complaints.nav')}
      icon={<IconTool size={18} stroke={1.7} />}
      links={[
        { to: '/complaints', label: t('service.complaints.title') },
        { to: '/claims-index', label: t('service.complaints.claimsIndex') },
        { to: '/recalls', label: t('service.recalls.title') },
        { to: '/service/imports', label: t('service.dmsImport.nav') },
        { to: '/service/intervals', label: t('service.intervals.title') },
      ]}
    />
  );
}
