import {
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Step } from '../../api/journeys.ts';
import { useClubs } from '../../api/club.ts';
import { ConditionStepForm } from './condition-step-form.tsx';
import { SplitStepForm } from './split-step-form.tsx';

const languages = ['ru', 'en', 'zh'] as const;
type Language = (typeof languages)[number];
const languageNames: Record<Language, string> = { ru: 'Русский', en: 'English', zh: '中文' };

/** The side panel: the form of one step, by its type. Changes go up at once. */
export function StepPanel({
  step,
  onChange,
  onRemove,
  onClose,
}: {
  step: Step;
  onChange: (step: Step) => void;
  onRemove: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('journeys.editor.stepPanel')}: {t(`journeys.stepType.${step.type}`)}
        </Title>
        <Button variant="subtle" size="xs" onClick={onClose}>
          {t('journeys.editor.close')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('journeys.editor.stepId')}: {step.id}
      </Text>
      {step.type === 'wait' && <WaitForm step={step} onChange={onChange} />}
      {step.type === 'condition' && <ConditionStepForm step={step} onChange={onChange} />}
      {step.type === 'send' && <SendForm step={step} onChange={onChange} />}
      {step.type === 'task' && <TaskForm step={step} onChange={onChange} />}
      {step.type === 'points' && <PointsForm step={step} onChange={onChange} />}
      {step.type === 'split' && <SplitStepForm step={step} onChange={onChange} />}
      {step.type === 'update' && (
        <>
          <Select
            label={t('journeys.update.field')}
            value={step.field}
            onChange={(value) => value && onChange({ ...step, field: value as typeof step.field })}
            data={(['lifecycle_stage', 'add_interest', 'add_category'] as const).map((f) => ({
              value: f,
              label: t(`journeys.update.${f}`),
            }))}
          />
          <TextInput
            label={t('journeys.update.value')}
            value={step.value}
            onChange={(e) => onChange({ ...step, value: e.currentTarget.value })}
          />
        </>
      )}
      <Button color="red" variant="light" onClick={onRemove}>
        {t('journeys.editor.remove')}
      </Button>
    </Stack>
  );
}

type WaitStep = Extract<Step, { type: 'wait' }>;

function WaitForm({ step, onChange }: { step: WaitStep; onChange: (step: Step) => void }) {
  const { t } = useTranslation();
  const mode = (
    <Select
      label={t('journeys.wait.mode')}
      value={step.mode}
      onChange={(value) =>
        value === 'duration'
          ? onChange({
              id: step.id,
              type: 'wait',
              mode: 'duration',
              amount: 1,
              unit: 'days',
              atHour: 10,
              next: step.next,
            })
          : onChange({
              id: step.id,
              type: 'wait',
              mode: 'until',
              field: 'event_date',
              offsetDays: 0,
              atHour: 10,
              next: step.next,
            })
      }
      data={[
        { value: 'duration', label: t('journeys.wait.duration') },
        { value: 'until', label: t('journeys.wait.until') },
      ]}
    />
  );
  const hour = (
    <NumberInput
      label={t('journeys.wait.atHour')}
      min={0}
      max={23}
      value={step.atHour ?? ''}
      onChange={(v) => onChange({ ...step, atHour: v === '' ? undefined : Number(v) } as Step)}
    />
  );
  if (step.mode === 'duration') {
    return (
      <>
        {mode}
        <Group grow>
          <NumberInput
            label={t('journeys.wait.amount')}
            min={1}
            max={1000}
            value={step.amount}
            onChange={(v) => onChange({ ...step, amount: Number(v) || 1 })}
          />
          <Select
            label={t('journeys.wait.unit')}
            value={step.unit}
            onChange={(value) => value && onChange({ ...step, unit: value as typeof step.unit })}
            data={(['minutes', 'hours', 'days', 'weeks', 'months'] as const).map((u) => ({
              value: u,
              label: t(`journeys.wait.${u}`),
            }))}
          />
        </Group>
        {hour}
      </>
    );
  }
  return (
    <>
      {mode}
      <Select
        label={t('journeys.wait.field')}
        value={step.field}
        onChange={(value) => value && onChange({ ...step, field: value as typeof step.field })}
        data={(['birthday', 'event_date', 'service_due', 'fixed_date'] as const).map((f) => ({
          value: f,
          label: t(`journeys.wait.${f}`),
        }))}
      />
      {step.field === 'fixed_date' && (
        <TextInput
          type="date"
          label={t('journeys.wait.date')}
          value={step.date ?? ''}
          onChange={(e) => onChange({ ...step, date: e.currentTarget.value || undefined })}
        />
      )}
      <NumberInput
        label={t('journeys.wait.offsetDays')}
        min={-366}
        max={366}
        value={step.offsetDays}
        onChange={(v) => onChange({ ...step, offsetDays: Number(v) || 0 })}
      />
      {hour}
    </>
  );
}

type SendStep = Extract<Step, { type: 'send' }>;
type EmailContent = { subject: string; mjml: string };
type SmsContent = { text: string };

function SendForm({ step, onChange }: { step: SendStep; onChange: (step: Step) => void }) {
  const { t } = useTranslation();
  const content = step.content as Partial<Record<Language, EmailContent | SmsContent>>;
  const setContent = (language: Language, value: EmailContent | SmsContent | undefined) => {
    const next = Object.fromEntries(
      Object.entries({ ...content, [language]: value }).filter(([, v]) => v !== undefined),
    );
    onChange({ ...step, content: next } as Step);
  };
  return (
    <>
      <Group grow>
        <Select
          label={t('journeys.send.channel')}
          value={step.channel}
          onChange={(value) =>
            value &&
            value !== step.channel &&
            onChange(
              value === 'sms'
                ? {
                    id: step.id,
                    type: 'send',
                    channel: 'sms',
                    purpose: step.purpose,
                    content: { en: { text: '{{dealer.name}}' } },
                    next: step.next,
                  }
                : ({
                    ...step,
                    channel: 'email',
                    content: { en: { subject: '', mjml: '' } },
                  } as Step),
            )
          }
          data={[
            { value: 'email', label: t('journeys.send.email') },
            { value: 'sms', label: t('journeys.send.sms') },
          ]}
        />
        <Select
          label={t('journeys.send.purpose')}
          value={step.purpose}
          onChange={(value) =>
            value && onChange({ ...step, purpose: value as typeof step.purpose })
          }
          data={(['marketing', 'service', 'surveys'] as const).map((p) => ({
            value: p,
            label: t(`consentPurpose.${p}`),
          }))}
        />
      </Group>
      <Tabs defaultValue="ru">
        <Tabs.List>
          {languages.map((language) => (
            <Tabs.Tab key={language} value={language}>
              {languageNames[language]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {languages.map((language) => {
          const value = content[language];
          return (
            <Tabs.Panel key={language} value={language} pt="xs">
              {!value && (
                <Text size="xs" c="dimmed" mb="xs">
                  {t('journeys.send.languageMissing')}
                </Text>
              )}
              {step.channel === 'email' ? (
                <Stack gap="xs">
                  <TextInput
                    label={t('journeys.send.subject')}
                    value={(value as EmailContent | undefined)?.subject ?? ''}
                    onChange={(e) =>
                      setContent(language, {
                        subject: e.currentTarget.value,
                        mjml: (value as EmailContent | undefined)?.mjml ?? '',
                      })
                    }
                  />
                  <Textarea
                    label={t('journeys.send.template')}
                    autosize
                    minRows={6}
                    ff="monospace"
                    value={(value as EmailContent | undefined)?.mjml ?? ''}
                    onChange={(e) =>
                      setContent(language, {
                        subject: (value as EmailContent | undefined)?.subject ?? '',
                        mjml: e.currentTarget.value,
                      })
                    }
                  />
                </Stack>
              ) : (
                <Textarea
                  label={t('journeys.send.text')}
                  autosize
                  minRows={3}
                  value={(value as SmsContent | undefined)?.text ?? ''}
                  onChange={(e) =>
                    setContent(
                      language,
                      e.currentTarget.value ? { text: e.currentTarget.value } : undefined,
                    )
                  }
                />
              )}
            </Tabs.Panel>
          );
        })}
      </Tabs>
    </>
  );
}

type TaskStep = Extract<Step, { type: 'task' }>;

function TaskForm({ step, onChange }: { step: TaskStep; onChange: (step: Step) => void }) {
  const { t } = useTranslation();
  const titles = step.title as Partial<Record<Language, string>>;
  return (
    <>
      {languages.map((language) => (
        <TextInput
          key={language}
          label={`${t('journeys.task.title')} (${languageNames[language]})`}
          value={titles[language] ?? ''}
          onChange={(e) => {
            const value = e.currentTarget.value;
            const next = Object.fromEntries(
              Object.entries({ ...titles, [language]: value }).filter(([, v]) => !!v),
            );
            onChange({ ...step, title: next });
          }}
        />
      ))}
      <Group grow>
        <Select
          label={t('journeys.task.kind')}
          value={step.kind}
          onChange={(value) => value && onChange({ ...step, kind: value as typeof step.kind })}
          data={(['call', 'email', 'meeting', 'letter', 'follow_up', 'other'] as const).map(
            (k) => ({
              value: k,
              label: t(`taskKind.${k}`),
            }),
          )}
        />
        <Select
          label={t('journeys.task.role')}
          value={step.assigneeRole}
          onChange={(value) =>
            value && onChange({ ...step, assigneeRole: value as typeof step.assigneeRole })
          }
          data={(
            [
              'crm_manager',
              'dealer_manager',
              'sales_consultant',
              'service_advisor',
              'call_center',
            ] as const
          ).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
      </Group>
      <NumberInput
        label={t('journeys.task.dueInDays')}
        min={0}
        max={90}
        value={step.dueInDays}
        onChange={(v) => onChange({ ...step, dueInDays: Number(v) || 0 })}
      />
    </>
  );
}

type PointsStep = Extract<Step, { type: 'points' }>;

function PointsForm({ step, onChange }: { step: PointsStep; onChange: (step: Step) => void }) {
  const { t } = useTranslation();
  const clubs = useClubs();
  return (
    <>
      <NumberInput
        label={t('journeys.points.points')}
        min={1}
        max={100_000}
        value={step.points}
        onChange={(v) => onChange({ ...step, points: Math.max(1, Math.trunc(Number(v)) || 1) })}
      />
      <TextInput
        label={t('journeys.points.reason')}
        value={step.reason}
        onChange={(e) => onChange({ ...step, reason: e.currentTarget.value })}
      />
      <Select
        label={t('journeys.points.club')}
        placeholder={t('journeys.points.anyClub')}
        clearable
        value={step.clubId ?? null}
        onChange={(value) => onChange({ ...step, clubId: value ?? null })}
        data={(clubs.data?.items ?? []).map((club) => ({ value: club.id, label: club.name }))}
      />
      <Text size="xs" c="dimmed">
        {t('journeys.points.note')}
      </Text>
    </>
  );
}
