import { NavLink } from '@mantine/core';
import { IconFileImport, IconWorldWww } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCan } from '../../session/session-context.tsx';

/** Imports and web-form sites, for those who may bring leads in. */
export function ImportsNavigation() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const canImport = useCan('leads:import');
  const canManageSites = useCan('webforms:manage');
  return (
    <>
      {canImport && (
        <NavLink
          component={Link}
          to="/imports"
          label={t('imports.nav.imports')}
          leftSection={<IconFileImport size={18} stroke={1.7} />}
          active={pathname.startsWith('/imports')}
        />
      )}
      {canManageSites && (
        <NavLink
          component={Link}
          to="/web-forms"
          label={t('imports.nav.webForms')}
          leftSection={<IconWorldWww size={18} stroke={1.7} />}
          active={pathname.startsWith('/web-forms')}
        />
      )}
    </>
  );
}
