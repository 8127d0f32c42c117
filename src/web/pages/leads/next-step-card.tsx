import { Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCompleteLeadTask, type LeadDetail } from '../../api/leads.ts';
import { FormError } from '../../components/form-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';

/**
 * The lead's next open task, closed here with its result and the next step (required while
 * the lead is open), which becomes the next task in turn.
 */
export function NextStepCard({ lead }: { lead: LeadDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const complete = useCompleteLeadTask(lead.id);
  const [result, setResult] = useState('');
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const errors = fieldErrors(complete.error);
  const task = lead.openTasks[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!task) return;
    complete.mutate(
      {
        taskId: task.id,
        result,
        ...(title && due ? { nextStep: { title, dueAt: new Date(due).toISOString() } } : {}),
      },
      {
        onSuccess: () => {
          setResult('');
          setTitle('');
          setDue('');
          notifications.show({ color: 'green', message: t('leads.lead.completed') });
        },
      },
    );
  };

  return (
    <Card data-testid="lead-next-step">
      <Title order={4} size="h5" mb="xs">
        {t('leads.lead.nextStep')}
      </Title>
      {!task ? (
        <Text size="sm" c="dimmed">
          {t('leads.lead.noNextStep')}
        </Text>
      ) : (
        <Stack gap="xs" component="form" onSubmit={submit}>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {task.title}
            </Text>
            <Text size="xs" c={task.overdue ? 'red' : 'dimmed'}>
              {format.dateTime(task.dueAt)}
              {task.overdue ? ` (${t('leads.lead.overdue')})` : ''}
            </Text>
          </Group>
          <TextInput
            label={t('leads.lead.result')}
            required
            value={result}
            onChange={(event) => setResult(event.currentTarget.value)}
            error={errors.result}
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('leads.lead.nextTitle')}
              value={title}
              onChange={(event) => setTitle(event.currentTarget.value)}
              error={errors.nextStep ?? errors['nextStep.title']}
            />
            <TextInput
              type="datetime-local"
              label={t('leads.lead.nextDue')}
              value={due}
              onChange={(event) => setDue(event.currentTarget.value)}
              error={errors['nextStep.dueAt']}
            />
          </Group>
          <FormError
            error={complete.error}
            shownPaths={(path) => path === 'result' || path.startsWith('nextStep')}
          />
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={complete.isPending}>
              {t('leads.lead.complete')}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
