import {
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCalendarCheck, IconConfetti, IconUsers } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyDay } from '../../api/tasks.ts';
import type { Task } from '../../api/types.ts';
import { CompleteTaskModal } from '../../components/complete-task-modal.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { TaskRow } from '../../components/task-row.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan, useSession } from '../../session/session-context.tsx';
import { usePageTitle } from '../../components/page-title.ts';

function TaskSection(props: {
  title: string;
  tasks: Task[];
  empty: string;
  color: string;
  icon: ReactNode;
  onComplete?: (task: Task) => void;
  testId: string;
}) {
  return (
    <Card data-testid={props.testId}>
      <Group gap={8} mb="xs">
        {props.icon}
        <Title order={4} size="h5">
          {props.title}
        </Title>
        <Badge color={props.color} variant={props.tasks.length ? 'filled' : 'light'} size="sm">
          {props.tasks.length}
        </Badge>
      </Group>
      {props.tasks.length === 0 && <EmptyNote>{props.empty}</EmptyNote>}
      {props.tasks.map((task) => (
        <TaskRow key={task.id} task={task} showCustomer onComplete={props.onComplete} />
      ))}
    </Card>
  );
}

/** What I must do today: overdue first, then today's tasks, each one click from done. */
export function MyDayPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession();
  const canComplete = useCan('tasks:write');
  const myDay = useMyDay();
  usePageTitle(t('myDay.title'));
  const [completing, setCompleting] = useState<Task | null>(null);
  const onComplete = canComplete ? setCompleting : undefined;
  const firstName = me.displayName.replace(/\s*\(.*\)$/, '');

  return (
    <Stack gap="md" maw={1000}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('myDay.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('myDay.greeting', { name: firstName })} · {format.date(new Date())}
          </Text>
        </div>
        <Button
          component={Link}
          to="/customers"
          variant="default"
          leftSection={<IconUsers size={16} />}
        >
          {t('nav.customers')}
        </Button>
      </Group>

      {myDay.isPending && (
        <Stack gap="md">
          <Skeleton height={120} radius="md" />
          <Skeleton height={220} radius="md" />
        </Stack>
      )}
      {myDay.isError && <QueryError error={myDay.error} onRetry={() => void myDay.refetch()} />}
      {myDay.data &&
        (myDay.data.overdue.length === 0 && myDay.data.today.length === 0 ? (
          <Card py="xl">
            <EmptyState
              icon={<IconConfetti size={32} stroke={1.5} />}
              variant="light"
              color="teal"
              title={t('myDay.allClear')}
              description={t('myDay.allClearHint')}
            />
          </Card>
        ) : (
          <>
            {myDay.data.overdue.length > 0 && (
              <TaskSection
                title={t('myDay.overdue')}
                tasks={myDay.data.overdue}
                empty={t('myDay.nothingOverdue')}
                color="red"
                icon={<IconAlertTriangle size={18} color="var(--mantine-color-red-6)" />}
                onComplete={onComplete}
                testId="overdue-tasks"
              />
            )}
            <TaskSection
              title={t('myDay.today')}
              tasks={myDay.data.today}
              empty={t('myDay.nothingToday')}
              color="indigo"
              icon={<IconCalendarCheck size={18} color="var(--mantine-color-indigo-6)" />}
              onComplete={onComplete}
              testId="today-tasks"
            />
          </>
        ))}
      <CompleteTaskModal task={completing} onClose={() => setCompleting(null)} />
    </Stack>
  );
}
