import { IconRoute } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NavSection } from '../../components/nav-section.tsx';
import { useCan } from '../../session/session-context.tsx';

/** The journeys entry of the main navigation. */
export function JourneysNavigation() {
  const { t } = useTranslation();
  const canRead = useCan('journeys:read');
  return (
    <NavSection
      label={t('journeys.nav')}
      icon={<IconRoute size={18} stroke={1.7} />}
      links={canRead ? [{ to: '/journeys', label: t('journeys.list.title') }] : []}
    />
  );
}
