import { Anchor, Badge, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconClock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Task } from '../api/types.ts';
import { useFormat } from '../i18n/format.ts';
import { useVocabulary } from '../i18n/vocabulary-labels.ts';
import { PriorityBadge } from './badges.tsx';

type Props = {
  task: Task;
  showCustomer?: boolean;
  showAssignee?: boolean;
  onComplete?: (task: Task) => void;
};

/** One open task: when, what, for whom, and the button to finish it. */
export function TaskRow({ task, showCustomer = false, showAssignee = false, onComplete }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const due = new Date(task.dueAt);
  const overdue = due.getTime() < Date.now();
  const today = due.toDateString() === new Date().toDateString();
  const when = overdue
    ? format.relative(due)
    : today
      ? format.time(due)
      : format.shortDateTime(due);

  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      gap="sm"
      py={8}
      style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
      data-testid="task-row"
    >
      <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }} align="flex-start">
        <Tooltip label={format.dateTime(task.dueAt)}>
          <Group gap={4} wrap="nowrap" w={124} style={{ flexShrink: 0 }}>
            <IconClock
              size={14}
              color={overdue ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-gray-6)'}
            />
            <Text
              size="sm"
              c={overdue ? 'red.7' : undefined}
              fw={overdue ? 600 : 400}
              className="num"
            >
              {when}
            </Text>
          </Group>
        </Tooltip>
        <div style={{ minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={600} truncate>
              {task.title}
            </Text>
            <PriorityBadge priority={task.priority} />
          </Group>
          <Group gap={6}>
            <Badge size="xs" variant="default">
              {label('taskKind', task.kind)}
            </Badge>
            {showCustomer &&
              (task.customer ? (
                <Anchor component={Link} to={`/customers/${task.customer.id}`} size="xs">
                  {task.customer.displayName}
                </Anchor>
              ) : (
                <Text size="xs" c="dimmed">
                  {t('task.noCustomer')}
                </Text>
              ))}
            {showAssignee && task.assignee && (
              <Text size="xs" c="dimmed">
                {task.assignee.name}
              </Text>
            )}
          </Group>
        </div>
      </Group>
      {onComplete && (
        <Button
          size="compact-sm"
          variant="light"
          color="teal"
          leftSection={<IconCheck size={14} />}
          onClick={() => onComplete(task)}
          style={{ flexShrink: 0 }}
        >
          {t('task.complete')}
        </Button>
      )}
    </Group>
  );
}
