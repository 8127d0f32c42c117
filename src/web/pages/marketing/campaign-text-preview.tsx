import { Button, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconEye, IconEyeOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/error-message.ts';
import {
  useContentPreview,
  type CampaignChannel,
  type TemplateContent,
} from '../../api/marketing.ts';

/**
 * An e-mail's or letter's text as it is being written, rendered for the first person of the
 * audience (his data filled in) by the same preview the campaign page uses: one language's
 * text at a time, so each translation can be looked at before saving.
 */
export function TextPreview({
  channel,
  content,
  customer,
}: {
  channel: CampaignChannel;
  content: TemplateContent;
  customer: { id: string; name: string };
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [settled] = useDebouncedValue(content, 600);
  const preview = useContentPreview(
    open ? { customerId: customer.id, channel, content: settled } : null,
  );
  return (
    <Stack gap={4} align="flex-start" data-testid="text-preview">
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={open ? <IconEyeOff size={14} /> : <IconEye size={14} />}
        onClick={() => setOpen(!open)}
      >
        {open
          ? t('marketing.campaigns.hideTextPreview')
          : t('marketing.campaigns.textPreview', { name: customer.name })}
      </Button>
      {open && preview.isError && (
        <Text size="sm" c="red">
          {errorMessage(preview.error)}
        </Text>
      )}
      {open && preview.data && (
        <>
          <Text size="sm" fw={600}>
            {preview.data.subject}
          </Text>
          <iframe
            title={t('marketing.campaigns.preview')}
            sandbox=""
            srcDoc={preview.data.html}
            style={{ width: '100%', height: 360, border: '1px solid #ddd' }}
          />
        </>
      )}
    </Stack>
  );
}
