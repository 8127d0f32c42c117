import { Button, Group, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useRefreshRoi } from '../../api/marketing.ts';
import type { Formatters } from '../../i18n/format.ts';

/**
 * When the report's figures were last brought up to date (the server keeps each campaign's
 * credited conversions and refreshes them every few minutes), with a button to do it now.
 */
export function RoiAsOf({ asOf, format }: { asOf: string | null; format: Formatters }) {
  const { t } = useTranslation();
  const refresh = useRefreshRoi();
  return (
    <Group gap="xs" data-testid="roi-as-of">
      <Text size="xs" c="dimmed">
        {asOf ? t('marketing.roi.asOf', { time: format.dateTime(asOf) }) : t('marketing.roi.live')}
      </Text>
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={<IconRefresh size={14} />}
        loading={refresh.isPending}
        onClick={() => refresh.mutate()}
      >
        {t('marketing.roi.refresh')}
      </Button>
      {refresh.isError && (
        <Text size="xs" c="red">
          {t('marketing.roi.refreshFailed')}
        </Text>
      )}
    </Group>
  );
}
