import { Badge, Card, Group, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dealerOptions, useDealers } from '../../api/org.ts';
import {
  useDealerRecipients,
  useMySubscription,
  usePackPreview,
  useSetMySubscription,
  type MailSummary,
} from '../../api/report-packs.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { useCan, useSession } from '../../session/session-context.tsx';

const statusColors: Record<MailSummary['status'], string> = {
  queued: 'blue',
  sending: 'blue',
  sent: 'green',
  failed: 'red',
  cancelled: 'gray',
};

function MailStatus({ mail }: { mail: MailSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm">{t('reportPacks.week', { date: format.date(mail.weekStart) })}</Text>
      <Badge variant="light" color={statusColors[mail.status]} title={mail.lastError ?? undefined}>
        {t(`reportPacks.status.${mail.status}`)}
      </Badge>
      {mail.sentAt && (
        <Text size="xs" c="dimmed">
          {format.dateTime(mail.sentAt)}
        </Text>
      )}
    </Group>
  );
}

/** My weekly pack: the switch, my last packs and a preview as mailed. */
function MyPackCard() {
  const { t } = useTranslation();
  const mine = useMySubscription();
  const save = useSetMySubscription();
  if (mine.isError) return <QueryError error={mine.error} onRetry={() => void mine.refetch()} />;
  const subscription = mine.data;
  return (
    <Card data-testid="weekly-pack-subscription">
      <Stack gap="sm">
        <Switch
          size="md"
          label={t('reportPacks.switch')}
          description={
            subscription
              ? subscription.byDefault
                ? t('reportPacks.byDefault')
                : t('reportPacks.ownChoice')
              : undefined
          }
          checked={subscription?.enabled ?? false}
          disabled={!subscription || save.isPending}
          onChange={(event) => save.mutate(event.currentTarget.checked)}
        />
        {subscription && (
          <Group gap="xl">
            <Text size="sm">
              {t('reportPacks.covers')}:{' '}
              <b>
                {t(`reportPacks.scope.${subscription.scope.kind}`, {
                  code: subscription.scope.code ?? '',
                })}
              </b>
            </Text>
            <Text size="sm">
              {t('reportPacks.timeZone')}: <b>{subscription.timeZone}</b>
            </Text>
          </Group>
        )}
        {save.isError && <QueryError error={save.error} />}
        <Title order={2} size="h5">
          {t('reportPacks.recent')}
        </Title>
        {subscription && subscription.recent.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('reportPacks.none')}
          </Text>
        )}
        {subscription?.recent.map((mail) => (
          <MailStatus key={mail.weekStart} mail={mail} />
        ))}
      </Stack>
    </Card>
  );
}

function PreviewCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const preview = usePackPreview();
  return (
    <Card data-testid="weekly-pack-preview">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('reportPacks.preview')}
        </Title>
        {preview.isError && (
          <QueryError error={preview.error} onRetry={() => void preview.refetch()} />
        )}
        {preview.data && (
          <>
            <Text size="sm" c="dimmed">
              {t('reportPacks.previewWeek', { date: format.date(preview.data.weekStart) })} —{' '}
              {preview.data.subject}
            </Text>
            {/* the mail's own HTML, isolated: no scripts, no access to the app */}
            <iframe
              title={t('reportPacks.previewFrame')}
              sandbox=""
              srcDoc={preview.data.html}
              style={{
                width: '100%',
                height: 640,
                border: '1px solid var(--mantine-color-gray-3)',
              }}
            />
          </>
        )}
      </Stack>
    </Card>
  );
}

/** For the dealer's manager (or the group admin, choosing a dealer): who gets the pack. */
function RecipientsCard() {
  const { t } = useTranslation();
  const { label } = useVocabulary();
  const me = useSession();
  const dealers = useDealers();
  const [chosen, setChosen] = useState<string | null>(null);
  const dealerCode = me.dealerId ? null : (chosen ?? dealers.data?.[0]?.code ?? null);
  const recipients = useDealerRecipients(me.dealerId !== null || dealerCode !== null, dealerCode);
  return (
    <Card data-testid="weekly-pack-recipients">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('reportPacks.recipients', { code: recipients.data?.dealerCode ?? dealerCode ?? '' })}
          </Title>
          {!me.dealerId && (
            <Select
              aria-label={t('reportPacks.covers')}
              data={dealerOptions(dealers.data)}
              value={dealerCode}
              onChange={setChosen}
              w={260}
            />
          )}
        </Group>
        {recipients.isError && (
          <QueryError error={recipients.error} onRetry={() => void recipients.refetch()} />
        )}
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reportPacks.recipient')}</Table.Th>
              <Table.Th>{t('reportPacks.role')}</Table.Th>
              <Table.Th>{t('reportPacks.subscribed')}</Table.Th>
              <Table.Th>{t('reportPacks.lastSent')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(recipients.data?.recipients ?? []).map((recipient) => (
              <Table.Tr key={recipient.userId}>
                <Table.Td>
                  <Text size="sm">{recipient.displayName}</Text>
                  <Text size="xs" c="dimmed">
                    {recipient.email}
                  </Text>
                </Table.Td>
                <Table.Td>{label('roles', recipient.role)}</Table.Td>
                <Table.Td>
                  {recipient.enabled ? t('reportPacks.yes') : t('reportPacks.no')}
                </Table.Td>
                <Table.Td>{recipient.last ? <MailStatus mail={recipient.last} /> : '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

/** Analytics → Weekly pack. */
export function WeeklyPackPage() {
  const { t } = useTranslation();
  usePageTitle(t('reportPacks.title'));
  const canManage = useCan('users:manage');
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('reportPacks.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={760}>
          {t('reportPacks.intro')}
        </Text>
      </div>
      <MyPackCard />
      {canManage && <RecipientsCard />}
      <PreviewCard />
    </Stack>
  );
}
