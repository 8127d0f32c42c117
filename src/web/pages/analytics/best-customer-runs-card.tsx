import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BestCustomerRun } from '../../api/best-customers.ts';
import { fitFailures } from '../../../modules/analytics/best-customers/fit-failures.ts';
import { modelDataProblems } from '../../../modules/analytics/models/model-errors.ts';
import { useFormat } from '../../i18n/format.ts';

const statusColour = { running: 'blue', succeeded: 'teal', failed: 'red' } as const;

/** Every reason code of a failed fit: the data's, or the fit's own (abandoned, internal). */
const failureCodes: readonly string[] = [...modelDataProblems, ...fitFailures];
type FailureCode = (typeof modelDataProblems)[number] | (typeof fitFailures)[number];
const isFailureCode = (code: string | null): code is FailureCode =>
  code !== null && failureCodes.includes(code);

/** Why a fit failed, in the reader's language when the server gave a known reason code. */
export function fitFailureText(
  run: Pick<BestCustomerRun, 'errorCode' | 'errorMessage'>,
  t: TFunction,
): string {
  return isFailureCode(run.errorCode)
    ? t(`bestCustomers.problem.${run.errorCode}`)
    : (run.errorMessage ?? '');
}

/**
 * Every kept fit of a series (by hand or by the schedule) with its holdout check side by side,
 * so an analyst sees whether the profile still finds buyers as the data moves on; a row picks
 * the fit the page shows.
 */
export function BestCustomerRunsCard(props: {
  series: string;
  runs: BestCustomerRun[];
  shownId: string | undefined;
  onPick: (runId: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const lift = (run: BestCustomerRun) => run.quality?.holdout.topDecileLift;
  return (
    <Card>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('bestCustomers.history.title', { series: props.series })}
        </Title>
        <Text size="sm" c="dimmed">
          {t('bestCustomers.history.hint')}
        </Text>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing={4} highlightOnHover data-testid="best-customers-runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('bestCustomers.history.fitted')}</Table.Th>
                <Table.Th>{t('bestCustomers.history.asOf')}</Table.Th>
                <Table.Th ta="right">{t('bestCustomers.history.window')}</Table.Th>
                <Table.Th>{t('bestCustomers.history.status')}</Table.Th>
                <Table.Th ta="right">{t('bestCustomers.history.lift')}</Table.Th>
                <Table.Th ta="right">{t('bestCustomers.history.buyers')}</Table.Th>
                <Table.Th ta="right">{t('bestCustomers.history.baseRate')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {props.runs.map((run) => {
                const shown = run.id === props.shownId;
                const holdout = run.quality?.holdout;
                const runLift = lift(run);
                return (
                  <Table.Tr
                    key={run.id}
                    onClick={() => props.onPick(run.id)}
                    style={{ cursor: 'pointer' }}
                    bg={shown ? 'var(--mantine-color-blue-light)' : undefined}
                    aria-selected={shown}
                  >
                    <Table.Td>
                      {format.dateTime(run.startedAt)}
                      {shown && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          · {t('bestCustomers.history.shown')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{format.date(run.asOf)}</Table.Td>
                    <Table.Td ta="right">{format.number(run.windowMonths ?? 12)}</Table.Td>
                    <Table.Td>
                      <Badge color={statusColour[run.status]} variant="light">
                        {t(`bestCustomers.runStatus.${run.status}`)}
                      </Badge>
                      {run.status === 'failed' && (
                        <Text size="xs" c="red">
                          {fitFailureText(run, t)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" data-testid="best-customers-run-lift">
                      {runLift === null || runLift === undefined
                        ? '—'
                        : format.number(Math.round(runLift * 100) / 100)}
                    </Table.Td>
                    <Table.Td ta="right">{holdout ? format.number(holdout.buyers) : '—'}</Table.Td>
                    <Table.Td ta="right">
                      {holdout ? format.percent(holdout.baseRate) : '—'}
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
