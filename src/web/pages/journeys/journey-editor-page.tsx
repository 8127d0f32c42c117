import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  Menu,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconArrowDown, IconPlus } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  useJourney,
  useReadyMadeJourneys,
  useSaveJourney,
  useSetJourneyEnabled,
  type JourneyInput,
  type Step,
  type StepStats,
  type Trigger,
} from '../../api/journeys.ts';
import { useSegments } from '../../api/marketing.ts';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan, useSession } from '../../session/session-context.tsx';
import { useSummaryWords } from '../marketing/segment-tree-editor.tsx';
import { SplitFigures } from './split-figures.tsx';
import { StepPanel } from './step-panel.tsx';
import { clip, conditionSummary } from './step-summary.ts';
import { JourneyPeopleCard } from './journey-people-card.tsx';
import { ownOwner } from '../../../modules/marketing/owner-scope.ts';
import {
  branchName,
  insertStep,
  removeStep,
  replaceStep,
  type Arrow,
  type StepType,
} from './step-graph.ts';
import { useReadyMadeText } from './ready-made-text.ts';

const stepTypes: StepType[] = [
  'wait',
  'condition',
  'split',
  'send',
  'task',
  'update',
  'points',
  'exit',
];
const lifecycleEvents = [
  'welcome_pack',
  'purchase_anniversary',
  'birthday',
  'service_due',
  'after_visit_follow_up',
  'complaint_handling',
  'trade_in_offer',
  'warranty_expiry',
  'new_model_survey',
] as const;
const stepColour: Record<StepType, string> = {
  wait: 'gray',
  condition: 'grape',
  send: 'blue',
  task: 'orange',
  update: 'teal',
  points: 'yellow',
  split: 'cyan',
  exit: 'dark',
};

/** The journey editor: settings on top, the steps drawn as a vertical flow, a step's form aside. */
export function JourneyEditorPage() {
  const { id } = useParams();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const canWrite = useCan('journeys:write');
  const journey = useJourney(id);
  const readyMade = useReadyMadeJourneys();
  const readyMadeText = useReadyMadeText();
  const save = useSaveJourney(id);
  const setEnabled = useSetJourneyEnabled();
  const [body, setBody] = useState<JourneyInput | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  usePageTitle(body?.name || t('journeys.editor.titleNew'));

  // the form starts from the saved journey, a ready-made one, or a blank one
  useEffect(() => {
    if (body) return;
    const owner = ownOwner(me);
    if (id && journey.data) {
      const j = journey.data;
      setBody({
        name: j.name,
        description: j.description,
        ownerLevel: j.ownerLevel,
        dealerId: j.dealerId,
        brandId: j.brandId,
        trigger: j.trigger,
        definition: j.definition,
        reentry: j.reentry,
        reentryDays: j.reentryDays,
        goal: j.goal,
        defaultLanguage: j.defaultLanguage,
      });
    } else if (!id) {
      const key = search.get('template');
      if (key && !readyMade.data) return;
      const template = readyMade.data?.find((item) => item.key === key);
      setBody(
        template
          ? { ...template.body, ...readyMadeText(template), ...owner }
          : {
              name: '',
              ...owner,
              trigger: { type: 'vehicle_delivered' },
              definition: { start: 'exit-1', steps: [{ id: 'exit-1', type: 'exit' }] },
              reentry: 'once',
              defaultLanguage: me.locale,
            },
      );
    }
  }, [body, id, journey.data, readyMade.data, readyMadeText, search, me]);

  if (journey.error)
    return <QueryError error={journey.error} onRetry={() => void journey.refetch()} />;
  if (!body) return <Text c="dimmed">…</Text>;

  const definition = body.definition;
  const stats = new Map((journey.data?.steps ?? []).map((s) => [s.stepId, s]));
  const step = definition.steps.find((s) => s.id === selected) ?? null;
  const update = (patch: Partial<JourneyInput>) => setBody({ ...body, ...patch });
  const add = (arrow: Arrow, type: StepType) => {
    const [next, newId] = insertStep(definition, arrow, type);
    update({ definition: next });
    setSelected(newId);
  };

  const submit = () =>
    save.mutate(body, {
      onSuccess: (saved) => {
        if (!id) void navigate(`/journeys/${saved.id}`, { replace: true });
        else void journey.refetch();
      },
    });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {body.name || t('journeys.editor.titleNew')}
        </Title>
        {id && journey.data && (
          <Group>
            <Badge color={journey.data.enabled ? 'green' : 'gray'}>
              {journey.data.enabled
                ? t('journeys.editor.enabledNote')
                : t('journeys.editor.disabledNote')}
            </Badge>
            {canWrite && (
              <Button
                variant="light"
                loading={setEnabled.isPending}
                onClick={() =>
                  setEnabled.mutate(
                    { id, enabled: !journey.data!.enabled },
                    { onSuccess: () => void journey.refetch() },
                  )
                }
              >
                {journey.data.enabled ? t('journeys.editor.disable') : t('journeys.editor.enable')}
              </Button>
            )}
          </Group>
        )}
      </Group>
      <SettingsCard body={body} update={update} />
      <Grid>
        <Grid.Col span={{ base: 12, md: step ? 7 : 12 }}>
          <Card>
            <Title order={2} size="h4" mb="sm">
              {t('journeys.editor.flow')}
            </Title>
            <Flow
              body={body}
              stats={stats}
              selected={selected}
              onSelect={setSelected}
              onAdd={canWrite ? add : undefined}
            />
          </Card>
        </Grid.Col>
        {step && (
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Card>
              <StepPanel
                step={step}
                onChange={(changed) =>
                  update({ definition: replaceStep(definition, step.id, changed) })
                }
                onRemove={() => {
                  update({ definition: removeStep(definition, step.id) });
                  setSelected(null);
                }}
                onClose={() => setSelected(null)}
              />
            </Card>
          </Grid.Col>
        )}
      </Grid>
      {!step && (
        <Text size="sm" c="dimmed">
          {t('journeys.editor.pickStep')}
        </Text>
      )}
      {id && journey.data && (
        <JourneyPeopleCard journeyId={id} steps={journey.data.definition.steps} />
      )}
      <FormError error={save.error} />
      {save.isSuccess && <Alert color="green">{t('journeys.editor.saved')}</Alert>}
      {canWrite && (
        <Group>
          <Button onClick={submit} loading={save.isPending} disabled={!body.name}>
            {t('journeys.editor.save')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function SettingsCard({
  body,
  update,
}: {
  body: JourneyInput;
  update: (patch: Partial<JourneyInput>) => void;
}) {
  const { t } = useTranslation();
  const segments = useSegments();
  const trigger = body.trigger;
  const setTrigger = (type: Trigger['type']) =>
    update({
      trigger:
        type === 'lifecycle'
          ? { type, event: 'service_due' }
          : type === 'segment_entered'
            ? { type, segmentId: segments.data?.[0]?.id }
            : type === 'model_arrived'
              ? { type, make: '', model: '' }
              : { type },
    });
  return (
    <Card>
      <Stack gap="sm">
        <Group grow align="start">
          <TextInput
            label={t('journeys.editor.name')}
            required
            value={body.name}
            onChange={(e) => update({ name: e.currentTarget.value })}
          />
          <Select
            label={t('journeys.editor.language')}
            value={body.defaultLanguage ?? 'ru'}
            onChange={(value) => value && update({ defaultLanguage: value as 'en' | 'ru' | 'zh' })}
            data={[
              { value: 'ru', label: 'Русский' },
              { value: 'en', label: 'English' },
              { value: 'zh', label: '中文' },
            ]}
          />
        </Group>
        <Textarea
          label={t('journeys.editor.description')}
          autosize
          value={body.description ?? ''}
          onChange={(e) => update({ description: e.currentTarget.value || null })}
        />
        <Group grow align="start">
          <Select
            label={t('journeys.editor.trigger')}
            value={trigger.type}
            onChange={(value) => value && setTrigger(value as Trigger['type'])}
            data={(
              [
                'lifecycle',
                'vehicle_delivered',
                'complaint_closed',
                'lead_created',
                'segment_entered',
                'model_arrived',
              ] as const
            ).map((type) => ({ value: type, label: t(`journeys.triggerType.${type}`) }))}
          />
          {trigger.type === 'lifecycle' && (
            <Select
              label={t('journeys.editor.event')}
              value={trigger.event}
              onChange={(value) =>
                value && update({ trigger: { ...trigger, event: value as typeof trigger.event } })
              }
              data={lifecycleEvents.map((e) => ({ value: e, label: t(`journeys.event.${e}`) }))}
            />
          )}
          {trigger.type === 'lifecycle' && trigger.event === 'purchase_anniversary' && (
            <NumberInput
              label={t('journeys.editor.year')}
              min={1}
              max={10}
              value={trigger.year ?? ''}
              onChange={(v) =>
                update({ trigger: { ...trigger, year: v === '' ? undefined : Number(v) } })
              }
            />
          )}
          {trigger.type === 'model_arrived' && (
            <>
              <TextInput
                label={t('journeys.editor.make')}
                required
                value={trigger.make}
                onChange={(e) => update({ trigger: { ...trigger, make: e.currentTarget.value } })}
              />
              <TextInput
                label={t('journeys.editor.model')}
                required
                description={t('journeys.editor.modelArrivedNote')}
                value={trigger.model}
                onChange={(e) => update({ trigger: { ...trigger, model: e.currentTarget.value } })}
              />
              <TextInput
                label={t('journeys.editor.trim')}
                value={trigger.trim ?? ''}
                onChange={(e) =>
                  update({ trigger: { ...trigger, trim: e.currentTarget.value || undefined } })
                }
              />
            </>
          )}
          {trigger.type === 'segment_entered' && !trigger.condition && (
            <Select
              label={t('journeys.editor.segment')}
              required
              value={trigger.segmentId ?? null}
              onChange={(value) =>
                update({ trigger: { ...trigger, segmentId: value ?? undefined } })
              }
              data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            />
          )}
        </Group>
        <Group grow align="start">
          <Select
            label={t('journeys.editor.reentry')}
            value={body.reentry ?? 'once'}
            onChange={(value) =>
              value &&
              update({
                reentry: value as 'once' | 'every',
                reentryDays: value === 'every' ? (body.reentryDays ?? 30) : null,
              })
            }
            data={[
              { value: 'once', label: t('journeys.editor.reentryOnce') },
              { value: 'every', label: t('journeys.editor.reentryEvery') },
            ]}
          />
          {body.reentry === 'every' && (
            <NumberInput
              label={t('journeys.editor.reentryDays')}
              min={1}
              max={3650}
              value={body.reentryDays ?? ''}
              onChange={(v) => update({ reentryDays: Number(v) || 1 })}
            />
          )}
          <Select
            label={t('journeys.editor.goal')}
            value={body.goal?.type ?? ''}
            onChange={(value) =>
              update({
                goal: value
                  ? { type: value as 'service_visit' | 'order' | 'lead' | 'test_drive' }
                  : null,
              })
            }
            data={[
              { value: '', label: t('journeys.editor.noGoal') },
              ...(['service_visit', 'order', 'lead', 'test_drive'] as const).map((g) => ({
                value: g,
                label: t(`journeys.goal.${g}`),
              })),
            ]}
          />
        </Group>
      </Stack>
    </Card>
  );
}

/** The flow from the start: each step once; a second arrow into a step says where it goes. */
function Flow({
  body,
  stats,
  selected,
  onSelect,
  onAdd,
}: {
  body: JourneyInput;
  stats: Map<string, StepStats>;
  selected: string | null;
  onSelect: (id: string) => void;
  onAdd?: (arrow: Arrow, type: StepType) => void;
}) {
  const { t } = useTranslation();
  const steps = new Map(body.definition.steps.map((s) => [s.id, s]));
  const drawn = new Set<string>();

  const arrowTo = (arrow: Arrow, target: string | null): ReactNode => (
    <Stack gap={4} align="center">
      <Group gap={4}>
        <IconArrowDown size={16} stroke={1.5} />
        {onAdd && <AddButton onAdd={(type) => onAdd(arrow, type)} />}
      </Group>
      {target === null ? (
        <Text size="xs" c="dimmed">
          {t('journeys.editor.end')}
        </Text>
      ) : (
        from(target)
      )}
    </Stack>
  );

  const from = (id: string): ReactNode => {
    const step = steps.get(id);
    if (!step) return null;
    if (drawn.has(id)) {
      return (
        <Text size="xs" c="dimmed" fs="italic">
          {t('journeys.editor.goesTo', { step: id })}
        </Text>
      );
    }
    drawn.add(id);
    const card = (
      <StepCard
        step={step}
        stats={stats.get(id)}
        selected={selected === id}
        onClick={() => onSelect(id)}
      />
    );
    if (step.type === 'exit') return card;
    if (step.type === 'condition') {
      return (
        <Stack gap={4} align="center">
          {card}
          <Group align="start" gap="xl" wrap="nowrap">
            <Stack gap={4} align="center">
              <Badge color="green" variant="light">
                {t('journeys.editor.yes')}
              </Badge>
              {arrowTo({ from: id, branch: 'yes' }, step.yes)}
            </Stack>
            <Stack gap={4} align="center">
              <Badge color="red" variant="light">
                {t('journeys.editor.no')}
              </Badge>
              {arrowTo({ from: id, branch: 'no' }, step.no)}
            </Stack>
          </Group>
        </Stack>
      );
    }
    if (step.type === 'split') {
      return (
        <Stack gap={4} align="center">
          {card}
          <Group align="start" gap="xl" wrap="nowrap">
            {step.branches.map((branch, i) => (
              <Stack key={i} gap={4} align="center">
                <Badge color="cyan" variant="light">
                  {branchName(i)} · {branch.percent} %
                </Badge>
                {arrowTo({ from: id, split: i }, branch.next)}
              </Stack>
            ))}
          </Group>
        </Stack>
      );
    }
    return (
      <Stack gap={4} align="center">
        {card}
        {arrowTo({ from: id, branch: 'next' }, step.next)}
      </Stack>
    );
  };

  return (
    <Box style={{ overflowX: 'auto' }}>
      <Stack gap={4} align="center">
        <Badge variant="outline">{t('journeys.editor.start')}</Badge>
        {arrowTo({ from: 'start' }, body.definition.start)}
      </Stack>
    </Box>
  );
}

function AddButton({ onAdd }: { onAdd: (type: StepType) => void }) {
  const { t } = useTranslation();
  return (
    <Menu position="right">
      <Menu.Target>
        <ActionIcon size="sm" variant="subtle" aria-label={t('journeys.editor.addAfter')}>
          <IconPlus size={14} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('journeys.editor.newStepType')}</Menu.Label>
        {stepTypes.map((type) => (
          <Menu.Item key={type} onClick={() => onAdd(type)}>
            {t(`journeys.stepType.${type}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function StepCard({
  step,
  stats,
  selected,
  onClick,
}: {
  step: Step;
  stats: StepStats | undefined;
  selected: boolean;
  onClick: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = useSummary(step);
  const shown = clip(text);
  return (
    <Card
      withBorder
      padding="xs"
      w={260}
      onClick={onClick}
      style={{
        cursor: 'pointer',
        borderColor: selected ? 'var(--mantine-color-blue-6)' : undefined,
        borderWidth: selected ? 2 : 1,
      }}
    >
      <Group justify="space-between" gap={4}>
        <Badge color={stepColour[step.type]}>{t(`journeys.stepType.${step.type}`)}</Badge>
        <Text size="xs" c="dimmed">
          {step.id}
        </Text>
      </Group>
      <Text size="sm" mt={4} title={text === shown ? undefined : text}>
        {shown}
      </Text>
      {stats && (
        <Group gap={6} mt={4}>
          <Text size="xs">
            {t('journeys.stats.reached')}: {format.number(stats.reached)}
          </Text>
          {stats.waiting > 0 && (
            <Text size="xs">
              {t('journeys.stats.waiting')}: {format.number(stats.waiting)}
            </Text>
          )}
          {step.type === 'send' && (
            <>
              <Text size="xs">
                {t('journeys.stats.sent')}: {format.number(stats.sent)}
              </Text>
              <Text size="xs">
                {t('journeys.stats.blocked')}: {format.number(stats.blocked)}
              </Text>
              {step.channel === 'email' && (
                <>
                  <Text size="xs">
                    {t('journeys.stats.opened')}: {format.number(stats.opened)}
                  </Text>
                  <Text size="xs">
                    {t('journeys.stats.clicked')}: {format.number(stats.clicked)}
                  </Text>
                </>
              )}
            </>
          )}
          {step.type === 'points' && (
            <>
              <Text size="xs">
                {t('journeys.stats.awarded')}: {format.number(stats.awarded)}
              </Text>
              <Text size="xs">
                {t('journeys.stats.skipped')}: {format.number(stats.skipped)}
              </Text>
            </>
          )}
          {step.type === 'condition' && (
            <Text size="xs">
              {t('journeys.editor.yes')} {format.number(stats.yes)} / {t('journeys.editor.no')}{' '}
              {format.number(stats.no)}
            </Text>
          )}
          {step.type === 'split' && <SplitFigures branches={step.branches} stats={stats} />}
          {stats.converted > 0 && (
            <Text size="xs" c="green">
              {t('journeys.stats.converted')}: {format.number(stats.converted)}
            </Text>
          )}
        </Group>
      )}
    </Card>
  );
}

/** One line saying what a step does. */
function useSummary(step: Step): string {
  const { t, i18n } = useTranslation();
  const treeWords = useSummaryWords();
  const language = i18n.language as 'en' | 'ru' | 'zh';
  switch (step.type) {
    case 'wait':
      return step.mode === 'duration'
        ? t('journeys.wait.summaryDuration', {
            amount: step.amount,
            unit: t(`journeys.wait.${step.unit}`),
          }) + (step.atHour !== undefined ? `, ${step.atHour}:00` : '')
        : t('journeys.wait.summaryUntil', {
            field:
              step.field === 'fixed_date' ? (step.date ?? '') : t(`journeys.wait.${step.field}`),
            offset: step.offsetDays >= 0 ? `+${step.offsetDays}` : String(step.offsetDays),
            hour: step.atHour,
          });
    case 'send': {
      const content = step.content as Record<string, { subject?: string; text?: string }>;
      const item = content[language] ?? Object.values(content)[0];
      return `${t(`journeys.send.${step.channel}`)}: ${item?.subject ?? item?.text ?? ''}`;
    }
    case 'task': {
      const titles = step.title as Record<string, string>;
      return titles[language] ?? Object.values(titles)[0] ?? '';
    }
    case 'update':
      return `${t(`journeys.update.${step.field}`)}: ${step.value}`;
    case 'points':
      return t('journeys.points.summary', { points: step.points, reason: step.reason });
    case 'condition':
      return conditionSummary(step.condition, treeWords);
    case 'split':
      return step.branches.map((branch, i) => `${branchName(i)} ${branch.percent} %`).join(' · ');
    case 'exit':
      return t('journeys.editor.end');
  }
}
