import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { defaultConfidence } from '../../../modules/journeys/split-levels.ts';
import type { Step, StepStats } from '../../api/journeys.ts';
import { useFormat, type Formatters } from '../../i18n/format.ts';
import { branchName } from './step-graph.ts';

type Branch = Extract<Step, { type: 'split' }>['branches'][number];

/** A p-value as people read it: tiny ones are "< 0.001", not a row of zeros. */
const pText = (format: Formatters, p: number) =>
  p < 0.001 ? `< ${format.number(0.001)}` : format.number(Number(p.toPrecision(2)));

/**
 * A split's figures on its card, found by branch key: per branch its people, those who reached
 * the goal and the rate, with the leader and the branches it beats significantly marked; the
 * switch to a winner if the split made one; the people of removed branches apart, never added
 * to another branch.
 */
export function SplitFigures({ branches, stats }: { branches: Branch[]; stats: StepStats }) {
  const { t } = useTranslation();
  const format = useFormat();
  const test = stats.splitTest;
  const byKey = new Map((test?.branches ?? []).map((result) => [result.key, result]));
  const removed = [
    ...stats.formerBranches,
    // saved branches the editor has removed but not saved yet
    ...stats.branches.filter((figures) => !branches.some((b) => b.key === figures.key)),
  ].filter((figures) => figures.entered > 0);
  const confidence = test?.confidence ?? defaultConfidence;
  const alpha = (1 - confidence / 100) / Math.max(1, branches.length - 1);
  const winner = test?.winner ?? null;
  const winnerAt = winner ? branches.findIndex((b) => b.key === winner.key) : -1;
  return (
    <Stack gap={2} w="100%">
      <Table fz="xs" verticalSpacing={2} horizontalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('journeys.split.results.branch')}</Table.Th>
            <Table.Th ta="right">{t('journeys.split.results.people')}</Table.Th>
            <Table.Th ta="right">{t('journeys.split.results.successes')}</Table.Th>
            <Table.Th ta="right">{t('journeys.split.results.rate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {branches.map((branch, i) => {
            const result = byKey.get(branch.key);
            // against the leader: on the rate, and on the badge of a significant difference
            const pTitle =
              result?.pValue != null
                ? t('journeys.split.results.pValue', {
                    p: pText(format, result.sequentialPValue ?? 1),
                    alpha: format.number(Number(alpha.toPrecision(2))),
                    fixed: pText(format, result.pValue),
                  })
                : undefined;
            return (
              <Table.Tr key={branch.key}>
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    {branchName(i)}
                    {result?.leading && (
                      <Badge size="xs" color="green" variant="light">
                        {t('journeys.split.results.leading')}
                      </Badge>
                    )}
                    {/* the card is read again and again too: only the always-valid verdict counts */}
                    {result?.decisive && (
                      <Badge size="xs" color="blue" variant="light" title={pTitle}>
                        {t('journeys.split.results.significant')}
                      </Badge>
                    )}
                    {result?.significant && !result.decisive && (
                      <Badge size="xs" color="gray" variant="light" title={pTitle}>
                        {t('journeys.split.results.oneLook')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{format.number(result?.entered ?? 0)}</Table.Td>
                <Table.Td ta="right">{format.number(result?.converted ?? 0)}</Table.Td>
                <Table.Td ta="right" title={pTitle}>
                  {format.percent(result?.rate ?? 0)}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {winner && (
        <Text size="xs" c={winnerAt >= 0 ? 'green' : 'dimmed'}>
          {winnerAt >= 0
            ? t('journeys.split.results.switched', {
                name: branchName(winnerAt),
                date: format.dateTime(winner.decidedAt),
                confidence: format.number(winner.confidence),
                rates: winner.branches
                  .map((b) => {
                    const at = branches.findIndex((branch) => branch.key === b.key);
                    return `${at >= 0 ? branchName(at) : b.key} ${format.percent(b.rate)}`;
                  })
                  .join(', '),
              })
            : t('journeys.split.results.switchedGone', { key: winner.key })}
        </Text>
      )}
      {winner?.rule === 'fixed' && (
        <Text size="xs" c="dimmed">
          {t('journeys.split.results.switchedFixed')}
        </Text>
      )}
      {removed.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('journeys.split.removedFigures', {
            branches: removed.length,
            entered: format.number(removed.reduce((sum, b) => sum + b.entered, 0)),
            converted: format.number(removed.reduce((sum, b) => sum + b.converted, 0)),
          })}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('journeys.split.results.note', { confidence: format.number(confidence) })}
      </Text>
    </Stack>
  );
}
