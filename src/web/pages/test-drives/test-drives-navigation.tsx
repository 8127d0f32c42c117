import { NavLink } from '@mantine/core';
import { IconSteeringWheel } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

export function TestDrivesNavigation() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <NavLink
      component={Link}
      to="/test-drives"
      label={t('testDrives.nav')}
      leftSection={<IconSteeringWheel size={18} stroke={1.7} />}
      active={pathname.startsWith('/test-drives')}
    />
  );
}
