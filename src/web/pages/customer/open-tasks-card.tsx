import { Button } from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../api/types.ts';
import { CompleteTaskModal } from '../../components/complete-task-modal.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { TaskRow } from '../../components/task-row.tsx';
import { useCan } from '../../session/session-context.tsx';

export function OpenTasksCard({ tasks, onAddTask }: { tasks: Task[]; onAddTask: () => void }) {
  const { t } = useTranslation();
  const canWrite = useCan('tasks:write');
  const [completing, setCompleting] = useState<Task | null>(null);
  const sorted = [...tasks].sort((a, b) => a.dueAt.localeCompare(b.dueAt));

  return (
    <SectionCard
      title={t('customer.openTasks')}
      icon={<IconChecklist size={18} />}
      count={tasks.length}
      testId="open-tasks-card"
      actions={
        canWrite && (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={onAddTask}
          >
            {t('customer.addTask')}
          </Button>
        )
      }
    >
      {tasks.length === 0 && <EmptyNote>{t('customer.noOpenTasks')}</EmptyNote>}
      {sorted.map((task) => (
        <TaskRow
          key={task.id}
          task={task}
          showAssignee
          onComplete={canWrite ? setCompleting : undefined}
        />
      ))}
      <CompleteTaskModal task={completing} onClose={() => setCompleting(null)} />
    </SectionCard>
  );
}
