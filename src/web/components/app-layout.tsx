import {
  AppShell,
  Burger,
  Group,
  ScrollArea,
  Text,
  ThemeIcon,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCar } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { PageErrorBoundary } from './error-boundary.tsx';
import { MainNavigation } from './main-navigation.tsx';
import { QuickSearch } from './quick-search.tsx';
import { UserPanel } from './user-panel.tsx';

/** Header, navigation and the page; under ~1000 px the navigation hides behind a burger. */
export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();

  useEffect(() => close(), [location.pathname, close]);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 248, breakpoint: 'md', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" gap="md" wrap="nowrap">
          <Burger
            opened={opened}
            onClick={toggle}
            hiddenFrom="md"
            size="sm"
            aria-label={t('nav.openMenu')}
          />
          <UnstyledButton component={Link} to="/my-day" aria-label={t('app.name')}>
            <Group gap={8} wrap="nowrap">
              <ThemeIcon size={30} radius="md" variant="filled">
                <IconCar size={18} />
              </ThemeIcon>
              <Text fw={700} size="lg" visibleFrom="xs">
                {t('app.name')}
              </Text>
            </Group>
          </UnstyledButton>
          <QuickSearch />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar>
        <AppShell.Section grow component={ScrollArea} p="sm">
          <MainNavigation />
        </AppShell.Section>
        <AppShell.Section p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          <UserPanel />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        {/* Keyed by address: moving to another page leaves a crashed one behind. */}
        <PageErrorBoundary key={location.pathname}>
          <Outlet />
        </PageErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
