import { Button, EmptyState } from '@mantine/core';
import { IconMapSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../components/page-title.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <EmptyState
      mt={80}
      icon={<IconMapSearch size={32} stroke={1.5} />}
      withIndicatorBackground
      title={t('notFound.title')}
      description={t('notFound.text')}
    >
      <EmptyState.Actions>
        <Button component={Link} to="/my-day">
          {t('notFound.home')}
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
