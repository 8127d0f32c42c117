import { Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useClassifierRuns, type ClassifierRun } from '../../api/analytics.ts';
import { useFormat, type Formatters } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';

const statusColour = { running: 'blue', succeeded: 'teal', failed: 'red' } as const;

const fixed = (value: number | null | undefined, digits: number) =>
  value === null || value === undefined ? '—' : value.toFixed(digits);

/**
 * The supervised churn classifier against BG/NBD on the time-split holdout: each kept
 * evaluation's AUC and Brier score side by side, and the latest one's calibration (how often
 * owners given a chance of coming back actually came).
 */
export function ClassifierRunsCard() {
  const { t } = useTranslation();
  const format = useFormat();
  // without analytics:read the route answers 403: ask only those who may see the card
  const canAnalyse = useCan('analytics:read');
  const runs = useClassifierRuns(canAnalyse);
  if (!runs.data?.length) return null;
  const latest = runs.data.find((run) => run.status === 'succeeded');
  return (
    <Card>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('analytics.classifier.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('analytics.classifier.intro')}
        </Text>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" data-testid="classifier-runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('analytics.classifier.asOf')}</Table.Th>
                <Table.Th>{t('analytics.classifier.status')}</Table.Th>
                <Table.Th ta="right">{t('analytics.classifier.owners')}</Table.Th>
                <Table.Th ta="right">{t('analytics.classifier.cameBack')}</Table.Th>
                <Table.Th ta="right">{t('analytics.classifier.aucLogistic')}</Table.Th>
                <Table.Th ta="right">{t('analytics.classifier.aucBgnbd')}</Table.Th>
                <Table.Th ta="right">{t('analytics.classifier.brierLogistic')}</Table.Th>
                <Table.Th ta="right">{t('analytics.classifier.brierBgnbd')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.map((run) => (
                <RunRow key={run.id} run={run} format={format} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {latest?.quality.logistic && latest.quality.bgnbd && (
          <Calibration run={latest} format={format} />
        )}
      </Stack>
    </Card>
  );
}

function RunRow({ run, format }: { run: ClassifierRun; format: Formatters }) {
  const { t } = useTranslation();
  const quality = run.quality;
  return (
    <Table.Tr>
      <Table.Td>{format.date(run.asOf)}</Table.Td>
      <Table.Td>
        <Badge color={statusColour[run.status]} variant="light">
          {t(`analytics.retention.runStatus.${run.status}`)}
        </Badge>
        {run.status === 'failed' && (
          <Text size="xs" c="red">
            {run.errorMessage}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right">
        {t('analytics.classifier.trainTest', {
          train: format.number(quality.trainOwners ?? 0),
          test: format.number(quality.testOwners ?? 0),
        })}
      </Table.Td>
      <Table.Td ta="right">
        {quality.holdoutVisitRate === null || quality.holdoutVisitRate === undefined
          ? '—'
          : format.percent(quality.holdoutVisitRate)}
      </Table.Td>
      <Table.Td ta="right">{fixed(quality.logistic?.auc, 3)}</Table.Td>
      <Table.Td ta="right">{fixed(quality.bgnbd?.auc, 3)}</Table.Td>
      <Table.Td ta="right">{fixed(quality.logistic?.brier, 3)}</Table.Td>
      <Table.Td ta="right">{fixed(quality.bgnbd?.brier, 3)}</Table.Td>
    </Table.Tr>
  );
}

function Calibration({ run, format }: { run: ClassifierRun; format: Formatters }) {
  const { t } = useTranslation();
  const models = [
    { key: 'logistic', bins: run.quality.logistic!.calibration },
    { key: 'bgnbd', bins: run.quality.bgnbd!.calibration },
  ] as const;
  return (
    <Group align="flex-start" grow>
      {models.map((model) => (
        <Stack key={model.key} gap={4}>
          <Text size="sm" fw={600}>
            {t(`analytics.classifier.calibration.${model.key}`, { date: format.date(run.asOf) })}
          </Text>
          <Table verticalSpacing={2} data-testid={`calibration-${model.key}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('analytics.classifier.calibration.band')}</Table.Th>
                <Table.Th ta="right">{t('analytics.classifier.owners')}</Table.Th>
                <Table.Th ta="right">{t('analytics.classifier.calibration.predicted')}</Table.Th>
                <Table.Th ta="right">{t('analytics.classifier.calibration.observed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {model.bins
                .filter((bin) => bin.count > 0)
                .map((bin) => (
                  <Table.Tr key={bin.from}>
                    <Table.Td>
                      {format.percent(bin.from)}–{format.percent(bin.to)}
                    </Table.Td>
                    <Table.Td ta="right">{format.number(bin.count)}</Table.Td>
                    <Table.Td ta="right">{format.percent(bin.predicted)}</Table.Td>
                    <Table.Td ta="right">{format.percent(bin.observed)}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
    </Group>
  );
}
