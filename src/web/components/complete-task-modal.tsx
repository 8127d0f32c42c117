import {
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { outcomes, type Outcome } from '../../modules/activities/schema.ts';
import { useFollowUpOfTask } from '../api/service.ts';
import { useCompleteTask } from '../api/tasks.ts';
import type { Task } from '../api/types.ts';
import { useVocabulary } from '../i18n/vocabulary-labels.ts';
import { fieldErrors } from '../lib/field-errors.ts';
import { DateTimeField, toIso, tomorrowAt, type LocalDateTime } from './date-fields.tsx';
import { CsiScoreField } from './csi-score-field.tsx';
import { FormError } from './form-error.tsx';

/** Finishing a task asks what happened, and offers to plan the next step right away. */
export function CompleteTaskModal({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={task !== null} onClose={onClose} title={t('task.completeTitle')} size="lg">
      {task && <CompleteTaskForm key={task.id} task={task} onClose={onClose} />}
    </Modal>
  );
}

function CompleteTaskForm({ task, onClose }: { task: Task; onClose: () => void }) {
  const { t } = useTranslation();
  const { options } = useVocabulary();
  const complete = useCompleteTask();
  const [result, setResult] = useState('');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [planNext, setPlanNext] = useState(false);
  const [nextTitle, setNextTitle] = useState('');
  const [nextDue, setNextDue] = useState<LocalDateTime | null>(tomorrowAt(10));
  const [missing, setMissing] = useState<string[]>([]);
  const errors = fieldErrors(complete.error);
  // an after-service call asks for the owner's CSI score when he was reached
  const serviceCall = useFollowUpOfTask(task.id, task.kind === 'follow_up').data ?? null;
  const [csiScore, setCsiScore] = useState<number | null>(null);
  const needsScore = serviceCall !== null && (outcome === null || outcome === 'reached');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const absent = [
      !result.trim() && 'result',
      planNext && !nextTitle.trim() && 'nextStep.title',
      planNext && !nextDue && 'nextStep.dueAt',
      needsScore && csiScore === null && 'csiScore',
    ].filter((value): value is string => Boolean(value));
    setMissing(absent);
    if (absent.length) return;
    complete.mutate(
      {
        id: task.id,
        result: result.trim(),
        outcome,
        ...(needsScore && csiScore !== null ? { csiScore } : {}),
        nextStep:
          planNext && nextDue ? { title: nextTitle.trim(), dueAt: toIso(nextDue) } : undefined,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('task.completed') });
          onClose();
        },
      },
    );
  };
  const error = (path: string) =>
    errors[path] ?? (missing.includes(path) ? t('errors.required') : undefined);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text fw={600}>{task.title}</Text>
        {task.customer && (
          <Text size="sm" c="dimmed">
            {task.customer.displayName}
          </Text>
        )}
        <FormError error={complete.error} shownPaths={(path) => path in errors} />
        {needsScore && (
          <CsiScoreField
            value={csiScore}
            onChange={(score) => {
              setCsiScore(score);
              // the score is given now: its "required" note from the last try goes
              setMissing((paths) => paths.filter((path) => path !== 'csiScore'));
            }}
            error={error('csiScore')}
          />
        )}
        <Textarea
          label={serviceCall ? t('service.followUp.comment') : t('task.result')}
          description={serviceCall ? undefined : t('task.resultHint')}
          required
          autosize
          minRows={3}
          data-autofocus
          value={result}
          onChange={(event) => setResult(event.currentTarget.value)}
          error={error('result')}
        />
        <Select
          label={t('activity.outcome')}
          data={options('outcome', outcomes)}
          value={outcome}
          onChange={(value) => setOutcome(value as Outcome | null)}
          clearable
          searchable
          error={errors.outcome}
        />
        <Checkbox
          label={t('task.nextStep')}
          checked={planNext}
          onChange={(event) => setPlanNext(event.currentTarget.checked)}
          // a lead's follow-up cannot close without its next step (the server says so)
          error={planNext ? undefined : errors.nextStep}
        />
        {planNext && (
          <Group grow align="flex-start">
            <TextInput
              label={t('task.nextStepTitle')}
              required
              value={nextTitle}
              onChange={(event) => setNextTitle(event.currentTarget.value)}
              error={error('nextStep.title')}
            />
            <DateTimeField
              label={t('task.nextStepDue')}
              required
              value={nextDue}
              onChange={setNextDue}
              error={error('nextStep.dueAt')}
            />
          </Group>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="teal" loading={complete.isPending}>
            {t('task.complete')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
