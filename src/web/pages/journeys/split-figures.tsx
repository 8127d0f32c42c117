import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Step, StepStats } from '../../api/journeys.ts';
import { useFormat } from '../../i18n/format.ts';
import { branchName } from './step-graph.ts';

type Branch = Extract<Step, { type: 'split' }>['branches'][number];

/**
 * A split's figures on its card, found by branch key: a branch moved in the editor shows its
 * own figures under its new letter, a new one shows none yet, and the people of branches an
 * edit removed are shown apart, never added to another branch.
 */
export function SplitFigures({ branches, stats }: { branches: Branch[]; stats: StepStats }) {
  const { t } = useTranslation();
  const format = useFormat();
  const byKey = new Map(stats.branches.map((figures) => [figures.key, figures]));
  const removed = [
    ...stats.formerBranches,
    // saved branches the editor has removed but not saved yet
    ...stats.branches.filter((figures) => !branches.some((b) => b.key === figures.key)),
  ].filter((figures) => figures.entered > 0);
  return (
    <>
      {branches.map((branch, i) => (
        <Text key={branch.key} size="xs">
          {t('journeys.split.figures', {
            name: branchName(i),
            entered: format.number(byKey.get(branch.key)?.entered ?? 0),
            converted: format.number(byKey.get(branch.key)?.converted ?? 0),
          })}
        </Text>
      ))}
      {removed.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('journeys.split.removedFigures', {
            branches: removed.length,
            entered: format.number(removed.reduce((sum, b) => sum + b.entered, 0)),
            converted: format.number(removed.reduce((sum, b) => sum + b.converted, 0)),
          })}
        </Text>
      )}
    </>
  );
}
