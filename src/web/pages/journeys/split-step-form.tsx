import { ActionIcon, Button, Group, NumberInput, Select, Stack, Switch, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { defaultConfidence, splitConfidences } from '../../../modules/journeys/split-levels.ts';
import type { Step } from '../../api/journeys.ts';
import { branchName, evenShares, moveBranch, newBranch } from './step-graph.ts';

type SplitStep = Extract<Step, { type: 'split' }>;

/** a first guess at people per branch before a switch; the manager may change it */
const defaultMinPeople = 100;

/**
 * The form of an A/B split: two to four branches and each one's share. Where a branch leads is
 * set on the flow (the + on its arrow); a new branch goes on where the first one does. A branch
 * moved up or down keeps its key, so its figures go with it.
 */
export function SplitStepForm({
  step,
  onChange,
}: {
  step: SplitStep;
  onChange: (step: Step) => void;
}) {
  const { t } = useTranslation();
  const sum = step.branches.reduce((total, branch) => total + branch.percent, 0);
  const withShares = (branches: SplitStep['branches']) => {
    const shares = evenShares(branches.length);
    return branches.map((branch, i) => ({ ...branch, percent: shares[i]! }));
  };
  return (
    <Stack gap="xs">
      {step.branches.map((branch, i) => (
        <Group key={branch.key} align="end" gap="xs">
          <NumberInput
            style={{ flex: 1 }}
            label={`${t('journeys.split.branch', { name: branchName(i) })} — ${t('journeys.split.percent')}`}
            min={1}
            max={99}
            value={branch.percent}
            onChange={(v) =>
              onChange({
                ...step,
                branches: step.branches.map((b, j) =>
                  j === i ? { ...b, percent: Math.trunc(Number(v)) || 1 } : b,
                ),
              })
            }
          />
          <ActionIcon
            variant="subtle"
            mb={4}
            disabled={i === 0}
            aria-label={t('journeys.split.moveUp', { name: branchName(i) })}
            onClick={() => onChange(moveBranch(step, i, i - 1))}
          >
            <IconArrowUp size={16} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            mb={4}
            disabled={i === step.branches.length - 1}
            aria-label={t('journeys.split.moveDown', { name: branchName(i) })}
            onClick={() => onChange(moveBranch(step, i, i + 1))}
          >
            <IconArrowDown size={16} />
          </ActionIcon>
          {step.branches.length > 2 && (
            <ActionIcon
              variant="subtle"
              color="red"
              mb={4}
              aria-label={t('journeys.split.removeBranch', { name: branchName(i) })}
              onClick={() =>
                onChange({ ...step, branches: withShares(step.branches.filter((_, j) => j !== i)) })
              }
            >
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      <Text size="sm" c={sum === 100 ? 'dimmed' : 'red'}>
        {t(sum === 100 ? 'journeys.split.sum' : 'journeys.split.sumWrong', { sum })}
      </Text>
      {step.branches.length < 4 && (
        <Button
          variant="light"
          size="xs"
          onClick={() =>
            onChange({
              ...step,
              branches: withShares([...step.branches, newBranch(step)]),
            })
          }
        >
          {t('journeys.split.addBranch')}
        </Button>
      )}
      <Text size="xs" c="dimmed">
        {t('journeys.split.note')}
      </Text>
      <Select
        label={t('journeys.split.confidence')}
        // the levels the API accepts (one shared list), so the two cannot drift
        data={splitConfidences.map((level) => ({ value: String(level), label: `${level} %` }))}
        value={String(step.confidence ?? defaultConfidence)}
        allowDeselect={false}
        onChange={(value) =>
          onChange({
            ...step,
            confidence:
              splitConfidences.find((level) => String(level) === value) ?? defaultConfidence,
          })
        }
      />
      <Switch
        label={t('journeys.split.autoWinner')}
        checked={!!step.autoWinner}
        onChange={(event) => {
          const { autoWinner: _off, ...rest } = step;
          onChange(
            event.currentTarget.checked
              ? { ...step, autoWinner: { minPeople: defaultMinPeople } }
              : rest,
          );
        }}
      />
      {step.autoWinner && (
        <NumberInput
          label={t('journeys.split.minPeople')}
          min={10}
          max={1_000_000}
          value={step.autoWinner.minPeople}
          onChange={(v) =>
            onChange({
              ...step,
              autoWinner: { minPeople: Math.max(10, Math.trunc(Number(v)) || defaultMinPeople) },
            })
          }
        />
      )}
      <Text size="xs" c="dimmed">
        {t('journeys.split.autoWinnerNote')}
      </Text>
    </Stack>
  );
}
