import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Campaign } from '../../api/marketing.ts';
import { useCampaignReplies } from '../../api/campaign-replies.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';

/**
 * What people answered to a campaign's e-mails and SMS: per variant who replied (the reply
 * rate beside the results' opens and clicks), auto-replies and STOPs apart; then each answer
 * of a customer in the reader's scope, newest first, with a link to the customer.
 */
export function CampaignRepliesCard({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const format = useFormat();
  const answers = campaign.channel === 'email' || campaign.channel === 'sms';
  const replies = useCampaignReplies(campaign.id, answers);
  if (!answers) return null;
  const percent = (value: number) => format.number(Math.round(value * 1000) / 10) + ' %';
  const data = replies.data;
  return (
    <Card data-testid="campaign-replies">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('marketing.replies.title')}
        </Title>
        {replies.error && <QueryError error={replies.error} />}
        {data && (
          <Table verticalSpacing="xs" data-testid="campaign-replies-variants">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('marketing.campaigns.variant')}</Table.Th>
                <Table.Th ta="right">{t('marketing.replies.replied')}</Table.Th>
                <Table.Th ta="right">{t('marketing.replies.autoReplies')}</Table.Th>
                <Table.Th ta="right">{t('marketing.replies.stops')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.variants.map((v) => (
                <Table.Tr key={v.variant}>
                  <Table.Td>{v.variant}</Table.Td>
                  <Table.Td ta="right" data-testid={`replied-${v.variant}`}>
                    {format.number(v.replied)} ({percent(v.replyRate)})
                  </Table.Td>
                  <Table.Td ta="right">{format.number(v.autoReplies)}</Table.Td>
                  <Table.Td ta="right">{format.number(v.stops)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {data && data.items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('marketing.replies.none')}
          </Text>
        )}
        {data && data.items.length > 0 && (
          <Table verticalSpacing="xs" data-testid="campaign-replies-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('marketing.replies.customer')}</Table.Th>
                <Table.Th>{t('marketing.replies.received')}</Table.Th>
                <Table.Th>{t('marketing.replies.text')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${item.customerId}`} size="sm">
                      {item.displayName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{format.dateTime(item.receivedAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap" align="flex-start">
                      {item.kind !== 'reply' && (
                        <Badge size="xs" color={item.kind === 'stop' ? 'red' : 'gray'}>
                          {t(`marketing.replies.kinds.${item.kind}`)}
                        </Badge>
                      )}
                      {item.variant && (
                        <Badge size="xs" variant="light">
                          {item.variant}
                        </Badge>
                      )}
                      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={4}>
                        {item.excerpt || '—'}
                      </Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
