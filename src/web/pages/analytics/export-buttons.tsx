import { Button, Group } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * Download links for a report: the workbook (every table) and one table as CSV. Plain links:
 * the browser sends the session cookie with the GET and saves the file the server names.
 */
export function ExportButtons(props: { xlsx?: string; csv?: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" data-testid={props.testId}>
      {props.xlsx && (
        <Button
          component="a"
          href={props.xlsx}
          size="xs"
          variant="light"
          leftSection={<IconDownload size={14} />}
        >
          {t('analytics.dashboards.exportXlsx')}
        </Button>
      )}
      {props.csv && (
        <Button
          component="a"
          href={props.csv}
          size="xs"
          variant="subtle"
          leftSection={<IconDownload size={14} />}
        >
          {t('analytics.dashboards.exportCsv')}
        </Button>
      )}
    </Group>
  );
}
