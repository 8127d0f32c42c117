import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useChurnModelRuns } from '../../api/analytics.ts';
import { useFormat } from '../../i18n/format.ts';

const statusColour = { running: 'blue', succeeded: 'teal', failed: 'red' } as const;

/** The churn model's refits: when, on how many owners, the parameters and the fit. */
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
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" data-testid="churn-model-runs">
            <Table.Tbody>
              {runs.data.map((run) => {
                const params = run.params?.bgnbd;
                return (
                  <Table.Tr key={run.id}>
                    <Table.Td>{format.dateTime(run.startedAt)}</Table.Td>
                    <Table.Td>
                      <Badge color={statusColour[run.status]} variant="light">
                        {t(`analytics.retention.runStatus.${run.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{format.date(run.asOf)}</Table.Td>
                    <Table.Td>
                      {run.status === 'failed' ? (
                        <Text size="sm" c="red">
                          {run.errorMessage}
                        </Text>
                      ) : (
                        <Text size="sm">
                          {t('analytics.retention.runOwners', {
                            owners: format.number(run.customers),
                            repeat: format.number(run.repeatCustomers),
                          })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {params && (
                        <Text size="xs" ff="monospace">
                          r={params.r?.toFixed(3)} α={params.alpha?.toFixed(2)} a=
                          {params.a?.toFixed(3)} b={params.b?.toFixed(3)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {run.logLikelihood !== null && (
                        <Text size="xs" c="dimmed">
                          {t('analytics.retention.logLikelihood')}:{' '}
                          {format.number(Math.round(run.logLikelihood * 10) / 10)}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}
