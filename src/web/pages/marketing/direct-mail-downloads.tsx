import { Button, Group, Stack, Switch } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../api/marketing.ts';

/**
 * A sent letter's print run: the addresses (CSV) and the letters. An A/B test's letters are
 * printed while it runs, so once it has a winner the exports default to the rest only
 * (`?phase=rest`), which would otherwise print the test's letters a second time.
 */
export function DirectMailDownloads({ campaign: c }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const [restOnly, setRestOnly] = useState(true);
  const query = c.winnerVariant && restOnly ? '?phase=rest' : '';
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs">
        <Button
          component="a"
          href={`/api/campaigns/${c.id}/direct-mail.csv${query}`}
          size="xs"
          variant="light"
          leftSection={<IconDownload size={16} />}
        >
          {t('marketing.campaigns.mailCsv')}
        </Button>
        <Button
          component="a"
          href={`/api/campaigns/${c.id}/direct-mail/letters${query}`}
          target="_blank"
          rel="noopener"
          size="xs"
          variant="light"
          leftSection={<IconDownload size={16} />}
        >
          {t('marketing.campaigns.mailLetters')}
        </Button>
      </Group>
      {c.winnerVariant && (
        <Switch
          size="xs"
          label={t('marketing.campaigns.mailRestOnly')}
          checked={restOnly}
          onChange={(e) => setRestOnly(e.currentTarget.checked)}
        />
      )}
    </Stack>
  );
}
