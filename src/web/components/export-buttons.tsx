import { Button, Group, Tooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../api/list-exports.ts';
import { useCan } from '../session/session-context.tsx';

/**
 * "Export Excel" and "Export CSV" links for a list page, built from its current filters; shown
 * only to those who may export customers (the server checks it again).
 */
export function ExportButtons({
  href,
  testId,
}: {
  href: (format: ExportFormat) => string;
  testId: string;
}) {
  const { t } = useTranslation();
  if (!useCan('customers:export')) return null;
  return (
    <Tooltip label={t('listExport.hint')} openDelay={400}>
      <Group gap="xs">
        {(['xlsx', 'csv'] as const).map((format) => (
          <Button
            key={format}
            component="a"
            href={href(format)}
            download
            variant="light"
            size="sm"
            leftSection={<IconDownload size={16} />}
            data-testid={`${testId}-${format}`}
          >
            {t(format === 'xlsx' ? 'listExport.xlsx' : 'listExport.csv')}
          </Button>
        ))}
      </Group>
    </Tooltip>
  );
}
