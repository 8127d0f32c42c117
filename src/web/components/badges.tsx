import { Badge, type MantineColor } from '@mantine/core';
import type { Priority } from '../../modules/activities/schema.ts';
import type { LifecycleStage } from '../../modules/customers/vocabulary.ts';
import { useVocabulary } from '../i18n/vocabulary-labels.ts';

export const stageColors: Record<LifecycleStage, MantineColor> = {
  prospect: 'grape',
  customer: 'blue',
  owner: 'teal',
  lost: 'gray',
};

export function StageBadge({ stage, size = 'sm' }: { stage: LifecycleStage; size?: 'sm' | 'md' }) {
  const { label } = useVocabulary();
  return (
    <Badge color={stageColors[stage] ?? 'gray'} size={size}>
      {label('stage', stage)}
    </Badge>
  );
}

const priorityColors: Record<Priority, MantineColor> = { low: 'gray', normal: 'blue', high: 'red' };

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { label } = useVocabulary();
  if (priority === 'normal') return null;
  return (
    <Badge
      color={priorityColors[priority]}
      size="xs"
      variant={priority === 'high' ? 'filled' : 'light'}
    >
      {label('priority', priority)}
    </Badge>
  );
}
