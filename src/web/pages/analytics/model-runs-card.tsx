import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useChurnModelRuns, type ModelRun } from '../../api/analytics.ts';
import {
  modelDataProblems,
  type ModelDataProblem,
} from '../../../modules/analytics/models/model-errors.ts';
import { useFormat, type Formatters } from '../../i18n/format.ts';
import { spendModelText } from './spend-model-text.ts';

const statusColour = { running: 'blue', succeeded: 'teal', failed: 'red' } as const;

const isModelProblem = (code: string | null): code is ModelDataProblem =>
  modelDataProblems.includes(code as ModelDataProblem);

/**
 * The churn model's refits (scheduled or by hand), each kept with what it learnt: BG/NBD's
 * parameters and log-likelihood, the Gamma-Gamma spend model per currency (or why a currency
 * has none), and the outlook it gave; a failed refit says why in the reader's language.
 */
export function ModelRunsCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const runs = useChurnModelRuns();
  if (!runs.data?.length) return null;
  return (
    <Card>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('analytics.retention.runs')}
        </Title>
        <Table.ScrollContainer minWidth={960}>
          <Table verticalSpacing="xs" data-testid="churn-model-runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('analytics.retention.runColumns.fitted')}</Table.Th>
                <Table.Th>{t('analytics.retention.runColumns.status')}</Table.Th>
                <Table.Th>{t('analytics.retention.runColumns.asOf')}</Table.Th>
                <Table.Th>{t('analytics.retention.runColumns.owners')}</Table.Th>
                <Table.Th>{t('analytics.retention.runColumns.visits')}</Table.Th>
                <Table.Th>{t('analytics.retention.runColumns.spend')}</Table.Th>
                <Table.Th>{t('analytics.retention.runColumns.outlook')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.map((run) => (
                <RunRow key={run.id} run={run} format={format} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}

function RunRow({ run, format }: { run: ModelRun; format: Formatters }) {
  const { t } = useTranslation();
  const problem = (code: string | null) =>
    isModelProblem(code) ? t(`analytics.retention.modelProblem.${code}`) : null;
  const visitModel = run.params?.bgnbd;
  const spendModels = Object.entries(run.params?.gammaGamma ?? {});
  const { meanPActive, expectedVisits12m, spendNotFitted = [] } = run.quality ?? {};
  return (
    <Table.Tr>
      <Table.Td>{format.dateTime(run.startedAt)}</Table.Td>
      <Table.Td>
        <Badge color={statusColour[run.status]} variant="light">
          {t(`analytics.retention.runStatus.${run.status}`)}
        </Badge>
      </Table.Td>
      <Table.Td>{format.date(run.asOf)}</Table.Td>
      {run.status === 'failed' ? (
        <Table.Td colSpan={4}>
          <Text size="sm" c="red" data-testid="churn-run-failure">
            {problem(run.errorCode) ?? run.errorMessage}
          </Text>
        </Table.Td>
      ) : (
        <>
          <Table.Td>
            <Text size="sm">
              {t('analytics.retention.runOwners', {
                owners: format.number(run.customers),
                repeat: format.number(run.repeatCustomers),
              })}
            </Text>
          </Table.Td>
          <Table.Td>
            {visitModel && (
              <Text size="xs" ff="monospace">
                r={visitModel.r?.toFixed(3)} α={visitModel.alpha?.toFixed(2)} a=
                {visitModel.a?.toFixed(3)} b={visitModel.b?.toFixed(3)}
              </Text>
            )}
            {run.logLikelihood !== null && (
              <Text size="xs" c="dimmed">
                {t('analytics.retention.logLikelihood')}:{' '}
                {format.number(Math.round(run.logLikelihood * 10) / 10)}
              </Text>
            )}
          </Table.Td>
          <Table.Td data-testid="churn-run-spend">
            {spendModels.map(([currency, params]) => {
              const spend = spendModelText(params, currency, format);
              return (
                <div key={currency}>
                  <Text size="xs" ff="monospace">
                    {currency}: p={spend.p} q={spend.q} v={spend.v}
                  </Text>
                  {spend.meanSpend && (
                    <Text size="xs" c="dimmed">
                      {t('analytics.retention.meanSpend', { value: spend.meanSpend })}
                    </Text>
                  )}
                </div>
              );
            })}
            {spendNotFitted.map((item) => (
              <Text key={item.currency} size="xs" c="orange">
                {t('analytics.retention.spendNotFitted', {
                  currency: item.currency,
                  reason: problem(item.problem) ?? item.problem,
                })}
              </Text>
            ))}
          </Table.Td>
          <Table.Td>
            {meanPActive !== undefined && meanPActive !== null && (
              <Text size="xs">
                {t('analytics.retention.meanPActive', { value: format.percent(meanPActive) })}
              </Text>
            )}
            {expectedVisits12m !== undefined && (
              <Text size="xs">
                {t('analytics.retention.expectedVisits', {
                  value: format.number(Math.round(expectedVisits12m)),
                })}
              </Text>
            )}
          </Table.Td>
        </>
      )}
    </Table.Tr>
  );
}
