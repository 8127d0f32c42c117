import { Anchor, Badge, Card, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  qualityProblems,
  xlsxRowLimit,
  type QualityProblem,
} from '../../../modules/quality/schema.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { findingsExportUrl, useQualityFindings } from '../../api/quality.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { ExportButtons } from '../../components/export-buttons.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';

export function scoreColour(score: number): string {
  if (score >= 80) return 'teal';
  if (score >= 60) return 'yellow';
  return 'red';
}

/**
 * The worst records of the user's scope, by problem and dealer, and the same list as a file
 * a steward hands to each dealer (for those who may export customers).
 */
export function QualityWorklistCard({
  problem,
  onProblem,
}: {
  problem: QualityProblem | null;
  onProblem: (problem: QualityProblem | null) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const canExport = useCan('customers:export');
  const dealers = useDealers();
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const filter = { problem: problem ?? undefined, dealerCode: dealerCode ?? undefined };
  const findings = useQualityFindings(filter);
  return (
    <Card padding={0}>
      <Group p="sm" justify="space-between">
        <Text fw={600}>{t('quality.page.worklist')}</Text>
        <Group gap="xs">
          <Select
            aria-label={t('quality.page.problems')}
            value={problem ?? 'all'}
            onChange={(value) =>
              onProblem(!value || value === 'all' ? null : (value as QualityProblem))
            }
            data={[
              { value: 'all', label: t('quality.page.allProblems') },
              ...qualityProblems.map((code) => ({
                value: code,
                label: t(`quality.problem.${code}`),
              })),
            ]}
          />
          <Select
            aria-label={t('quality.page.dealer')}
            placeholder={t('quality.page.allDealers')}
            clearable
            searchable
            data={dealerOptions(dealers.data)}
            value={dealerCode}
            onChange={setDealerCode}
          />
          {canExport && (
            <ExportButtons
              xlsx={findingsExportUrl(filter, 'xlsx')}
              csv={findingsExportUrl(filter, 'csv')}
              testId="quality-findings-export"
            />
          )}
        </Group>
      </Group>
      {canExport && (
        <Text size="xs" c="dimmed" px="sm" pb="xs">
          {t('quality.page.exportNote', { limit: format.number(xlsxRowLimit) })}
        </Text>
      )}
      <Table verticalSpacing="xs" highlightOnHover data-testid="quality-findings-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('quality.page.customer')}</Table.Th>
            <Table.Th ta="right">{t('quality.page.score')}</Table.Th>
            <Table.Th>{t('quality.page.problems')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(findings.data?.items ?? []).map((item) => (
            <Table.Tr key={item.customerId}>
              <Table.Td>
                <Anchor component={Link} to={`/customers/${item.customerId}`} size="sm">
                  {item.displayName}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">
                <Badge color={scoreColour(item.score)} variant="light">
                  {item.score}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {item.problems.map((code) => (
                    <Badge key={code} variant="outline" color="gray" size="sm">
                      {t(`quality.problem.${code}`)}
                    </Badge>
                  ))}
                </Group>
                {item.suggestions.map((suggestion) => (
                  <Text key={suggestion.value} size="xs" c="dimmed">
                    {t('quality.page.suggestion', suggestion)}
                  </Text>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {findings.isSuccess && findings.data.items.length === 0 && (
        <Stack p="md">
          <EmptyNote>{t('quality.page.emptyWorklist')}</EmptyNote>
        </Stack>
      )}
    </Card>
  );
}
