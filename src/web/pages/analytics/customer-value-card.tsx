import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCoin } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useServiceScore } from '../../api/analytics.ts';
import { isApiError } from '../../api/client.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';

/**
 * The owner's service value on the 360 page: the churn model's probability that he is still a
 * service customer, his expected revenue of the next 12 months and his discounted lifetime
 * value, with the rate and horizon it was discounted over. Shown to those who may read the
 * retention worklist or analytics; the score route keeps to the user's scope.
 */
export function CustomerValueCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canWork = useCan('retention:read');
  const canAnalyse = useCan('analytics:read');
  const canRead = canWork || canAnalyse;
  const score = useServiceScore(customerId, canRead);
  if (!canRead) return null;
  const noScore = score.isError && isApiError(score.error) && score.error.status === 404;
  const data = score.data;

  return (
    <SectionCard
      title={t('analytics.retention.valueCard.title')}
      icon={<IconCoin size={18} />}
      testId="value-card"
    >
      {noScore && <EmptyNote>{t('analytics.retention.valueCard.noScore')}</EmptyNote>}
      {score.isError && !noScore && (
        <QueryError error={score.error} onRetry={() => void score.refetch()} />
      )}
      {data && (
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Figure
              label={t('analytics.retention.valueCard.stillActive')}
              value={format.percent(data.pActive)}
            />
            <Figure
              label={t('analytics.retention.valueCard.expected12m')}
              value={format.number(Math.round(data.expectedVisits12m * 10) / 10)}
            />
            <Figure
              label={t('analytics.retention.valueCard.value12m')}
              value={format.money(data.value12mMinor, data.currency)}
            />
            <Figure
              label={t('analytics.retention.valueCard.atRisk')}
              value={format.money(data.revenueAtRiskMinor, data.currency)}
            />
          </SimpleGrid>
          {data.lifetime && data.lifetimeValueMinor !== null && (
            <div data-testid="lifetime-value">
              <Figure
                label={t('analytics.retention.valueCard.lifetime', {
                  years: data.lifetime.horizonYears,
                })}
                value={format.money(data.lifetimeValueMinor, data.currency)}
                strong
              />
              <Text size="xs" c="dimmed">
                {t('analytics.retention.lifetimeTerms', {
                  years: data.lifetime.horizonYears,
                  rate: format.percent(data.lifetime.annualRate),
                })}
                {data.discountedVisits !== null &&
                  ` · ${t('analytics.retention.valueCard.lifetimeVisits', {
                    visits: format.number(Math.round(data.discountedVisits * 10) / 10),
                  })}`}
              </Text>
            </div>
          )}
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              {t('analytics.retention.valueCard.segment')}
            </Text>
            <Badge size="sm" variant="light">
              {t(`analytics.segments.${data.rfm.segment}`)}
            </Badge>
            <Text size="xs" c="dimmed" ml="auto">
              {t('analytics.retention.valueCard.asOf', { date: format.date(data.asOf) })}
            </Text>
          </Group>
        </Stack>
      )}
    </SectionCard>
  );
}

function Figure({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size={strong ? 'lg' : 'sm'} fw={strong ? 700 : 500}>
        {value}
      </Text>
    </div>
  );
}
