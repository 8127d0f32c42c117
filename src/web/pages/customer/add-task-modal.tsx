import {
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  priorities,
  taskKinds,
  type Priority,
  type TaskKind,
} from '../../../modules/activities/schema.ts';
import { useDealerUsers } from '../../api/org.ts';
import { useCreateTask } from '../../api/tasks.ts';
import type { Customer360 } from '../../api/types.ts';
import {
  DateTimeField,
  toIso,
  tomorrowAt,
  type LocalDateTime,
} from '../../components/date-fields.tsx';
import { FormError } from '../../components/form-error.tsx';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan, useSession } from '../../session/session-context.tsx';

type Props = { customer: Customer360; opened: boolean; onClose: () => void };

export function AddTaskModal({ customer, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('task.title')} size="lg">
      {opened && <AddTaskForm customer={customer} onClose={onClose} />}
    </Modal>
  );
}

function AddTaskForm({ customer, onClose }: { customer: Customer360; onClose: () => void }) {
  const { t } = useTranslation();
  const { options } = useVocabulary();
  const me = useSession();
  const canAssign = useCan('tasks:assign');
  const dealerCode = customer.dealers[0]?.code ?? null;
  const colleagues = useDealerUsers(dealerCode, canAssign);
  const create = useCreateTask();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<TaskKind>('call');
  const [dueAt, setDueAt] = useState<LocalDateTime | null>(tomorrowAt(10));
  const [priority, setPriority] = useState<Priority>('normal');
  const [assignee, setAssignee] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [missing, setMissing] = useState<string[]>([]);
  const errors = fieldErrors(create.error);
  const error = (path: string) =>
    errors[path] ?? (missing.includes(path) ? t('errors.required') : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const absent = [!title.trim() && 'title', !dueAt && 'dueAt'].filter((value): value is string =>
      Boolean(value),
    );
    setMissing(absent);
    if (absent.length || !dueAt) return;
    create.mutate(
      {
        customerId: customer.profile.id,
        title: title.trim(),
        kind,
        dueAt: toIso(dueAt),
        priority,
        description: description.trim() || null,
        assigneeUserId: assignee,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('task.saved') });
          onClose();
        },
      },
    );
  };

  const assigneeOptions = (colleagues.data ?? [])
    .filter((user) => user.id !== me.id)
    .map((user) => ({ value: user.id, label: `${user.displayName} · ${t(`roles.${user.role}`)}` }));

  return (
    <form onSubmit={submit} noValidate data-testid="add-task-form">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {customer.profile.displayName}
        </Text>
        <FormError error={create.error} shownPaths={(path) => path in errors} />
        <TextInput
          label={t('task.name')}
          required
          data-autofocus
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={error('title')}
          maxLength={300}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t('task.kind')}
            data={options('taskKind', taskKinds)}
            value={kind}
            onChange={(value) => value && setKind(value as TaskKind)}
            error={errors.kind}
          />
          <DateTimeField
            label={t('task.dueAt')}
            required
            value={dueAt}
            onChange={setDueAt}
            error={error('dueAt')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('task.priority')}
            </Text>
            <SegmentedControl
              fullWidth
              value={priority}
              onChange={(value) => setPriority(value as Priority)}
              data={options('priority', priorities)}
              aria-label={t('task.priority')}
            />
          </div>
          {canAssign && (
            <Select
              label={t('task.assignee')}
              placeholder={t('task.assigneeMe')}
              data={assigneeOptions}
              value={assignee}
              onChange={setAssignee}
              clearable
              searchable
              disabled={colleagues.isPending && dealerCode !== null}
              error={errors.assigneeUserId}
            />
          )}
        </SimpleGrid>
        <Textarea
          label={t('task.description')}
          autosize
          minRows={2}
          maxRows={8}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          error={errors.description}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('task.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
