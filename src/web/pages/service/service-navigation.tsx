import { IconTool } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NavSection, type NavSectionLink } from '../../components/nav-section.tsx';
import { useCan } from '../../session/session-context.tsx';

/**
 * The after-sales section of the main navigation: service visits, complaints, the claims index, recalls, the
 * lapsed-owner worklist and the care programme.
 */
export function ServiceNavigation() {
  const { t } = useTranslation();
  const canSeeRetention = useCan('retention:read');
  const links: NavSectionLink[] = [
    { to: '/service/visits', label: t('service.visitList.title') },
    { to: '/complaints', label: t('service.complaints.title') },
    { to: '/claims-index', label: t('service.complaints.claimsIndex') },
    { to: '/recalls', label: t('service.recalls.title') },
    { to: '/service/imports', label: t('service.dmsImport.nav') },
    { to: '/service/intervals', label: t('service.intervals.title') },
    { to: '/service/care', label: t('aftersales.care.nav') },
  ];
  if (canSeeRetention)
    links.splice(4, 0, { to: '/service/lapsed-owners', label: t('aftersales.lapsed.nav') });
  return (
    <NavSection
      label={t('service.complaints.nav')}
      icon={<IconTool size={18} stroke={1.7} />}
      links={links}
    />
  );
}
