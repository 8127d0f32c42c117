import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  List,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TagsInput,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { leadStages, type LeadStage } from '../../../modules/leads/schema.ts';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../api/error-message.ts';
import {
  useLead,
  useMoveLead,
  useUpdateLead,
  type LeadDetail,
  type StageMove,
} from '../../api/leads.ts';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';
import { StageBadge, TemperatureBadge } from './lead-badges.tsx';
import { TestDrivesCard } from '../test-drives/customer-test-drives-card.tsx';
import { HandoverModal } from './handover-modal.tsx';
import { ConditionSelect } from './condition-select.tsx';
import { LostReasonModal } from './lost-reason-modal.tsx';
import { NextStepCard } from './next-step-card.tsx';
import { withFirstVehicleChanged } from './lead-vehicles.ts';
import { BudgetField } from './budget-field.tsx';
import { budgetChange, budgetForm } from './budget.ts';
import { useDealers } from '../../api/org.ts';
import { useSourceName } from './source-name.ts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children || '—'}</Text>
    </div>
  );
}

/** One lead: temperature, what is missing to qualify it, its next step and stage history. */
export function LeadPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lead = useLead(id);
  usePageTitle(
    lead.data ? `${t('leads.lead.title')}: ${lead.data.customer.displayName}` : undefined,
  );

  if (lead.isError) {
    if (isApiError(lead.error) && lead.error.status === 404) {
      return <Alert color="yellow">{t('leads.lead.notFound')}</Alert>;
    }
    return <QueryError error={lead.error} onRetry={() => void lead.refetch()} />;
  }
  if (!lead.data) return <Skeleton h={320} />;
  return <LeadView lead={lead.data} />;
}

function LeadView({ lead }: { lead: LeadDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const sourceName = useSourceName();
  const move = useMoveLead();
  const [losing, setLosing] = useState(false);
  const [handingOver, setHandingOver] = useState(false);
  // the server's rule for hand-overs: managers (tasks:assign), not consultants
  const mayHandOver = useCan('tasks:assign');

  const submitMove = (stageMove: StageMove) =>
    move.mutate(
      { id: lead.id, ...stageMove },
      {
        onSuccess: () => setLosing(false),
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );

  // the tags a web form carried in, for the marketer reading where the lead came from
  const utm = (['source', 'medium', 'campaign', 'term', 'content'] as const)
    .filter((key) => lead.utm[key])
    .map((key) => `${key}=${lead.utm[key]}`)
    .join(' · ');

  const interest = lead.vehicles
    .map((v) =>
      [
        v.make,
        v.model,
        v.year,
        v.colour,
        v.condition ? t(`leads.entry.${v.condition}`).toLowerCase() : null,
      ]
        .filter(Boolean)
        .join(' '),
    )
    .join(', ');

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1} size="h2">
            <Anchor component={Link} to={`/customers/${lead.customer.id}`} inherit>
              {lead.customer.displayName}
            </Anchor>
          </Title>
          <Group gap="xs">
            <StageBadge stage={lead.stage} />
            <TemperatureBadge temperature={lead.temperature} />
            {lead.qualified && (
              <Badge color="green" leftSection={<IconCircleCheck size={12} />}>
                {t('leads.lead.qualified')}
              </Badge>
            )}
          </Group>
        </Stack>
        <Group align="flex-end">
          {mayHandOver && (
            <Button
              variant="default"
              onClick={() => setHandingOver(true)}
              data-testid="lead-handover"
            >
              {t('leads.handover.button')}
            </Button>
          )}
          <Select
            label={t('leads.lead.moveTo')}
            data={leadStages
              .filter((stage) => stage !== lead.stage)
              .map((value) => ({ value, label: t(`leads.stage.${value}`) }))}
            value={null}
            onChange={(value) => {
              if (!value) return;
              if (value === 'lost') setLosing(true);
              else submitMove({ stage: value as LeadStage });
            }}
            disabled={move.isPending || lead.stage === 'delivered'}
            w={220}
            data-testid="lead-move"
          />
        </Group>
      </Group>
      {lead.lost && (
        <Alert color="red">
          {t('leads.lead.lostBecause', { reason: t(`leads.lostReason.${lead.lost.reason}`) })}
          {lead.lost.competitorMake &&
            ` — ${[lead.lost.competitorMake, lead.lost.competitorModel].filter(Boolean).join(' ')}`}
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Card>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Fact label={t('leads.lead.intendedPurchase')}>
                  {format.date(lead.intendedPurchaseDate)}
                </Fact>
                <Fact label={t('leads.lead.budget')}>
                  {lead.budget && lead.budget.currency ? (
                    <span data-testid="lead-budget-shown">
                      {format.money(lead.budget.minor, lead.budget.currency)}
                    </span>
                  ) : (
                    ''
                  )}
                </Fact>
                <Fact label={t('leads.lead.interest')}>{interest}</Fact>
                <Fact label={t('leads.lead.currentCar')}>
                  {[lead.currentCar.make, lead.currentCar.model, lead.currentCar.year]
                    .filter(Boolean)
                    .join(' ')}
                </Fact>
                {lead.promotions.length > 0 && (
                  <Fact label={t('leads.entry.promotions')}>
                    <span data-testid="lead-promotions">{lead.promotions.join(', ')}</span>
                  </Fact>
                )}
                {lead.competitorModels.length > 0 && (
                  <Fact label={t('leads.entry.competitorModels')}>
                    <span data-testid="lead-competitors">{lead.competitorModels.join(', ')}</span>
                  </Fact>
                )}
                <Fact label={t('leads.lead.source')}>
                  {sourceName(lead.source)}
                  {lead.campaign ? ` / ${lead.campaign}` : ''}
                </Fact>
                {utm && (
                  <Fact label={t('leads.lead.utm')}>
                    <span data-testid="lead-utm">{utm}</span>
                  </Fact>
                )}
                <Fact label={t('leads.lead.consultant')}>
                  {lead.assignee?.name ?? t('leads.list.unassigned')}
                </Fact>
                <Fact label={t('leads.lead.dealer')}>{lead.dealer?.code}</Fact>
                <Fact label={t('leads.lead.firstResponse')}>
                  {lead.firstResponseAt
                    ? format.dateTime(lead.firstResponseAt)
                    : t('leads.lead.noResponse')}
                </Fact>
              </SimpleGrid>
            </Card>
            <QualificationForm lead={lead} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Card data-testid="lead-missing">
              <Title order={4} size="h5" mb="xs">
                {lead.qualified ? t('leads.lead.qualified') : t('leads.lead.missingTitle')}
              </Title>
              {lead.missing.length > 0 ? (
                <List size="sm" icon={<IconAlertTriangle size={14} color="orange" />}>
                  {lead.missing.map((field) => (
                    <List.Item key={field}>{t(`leads.missing.${field}`)}</List.Item>
                  ))}
                </List>
              ) : (
                <IconCircleCheck color="green" />
              )}
            </Card>
            <NextStepCard lead={lead} />
            <TestDrivesCard
              subject={{
                customerId: lead.customer.id,
                displayName: lead.customer.displayName,
                dealerCode: lead.dealer?.code ?? null,
                leadId: lead.id,
              }}
            />
            <Card>
              <Title order={4} size="h5" mb="xs">
                {t('leads.lead.history')}
              </Title>
              <Timeline bulletSize={14} lineWidth={2} active={lead.history.length - 1}>
                {lead.history.map((step, index) => (
                  <Timeline.Item key={index} title={t(`leads.stage.${step.toStage}`)}>
                    <Text size="xs" c="dimmed">
                      {format.dateTime(step.at)}
                      {step.user ? ` · ${step.user}` : ''}
                    </Text>
                    {step.note && <Text size="xs">{step.note}</Text>}
                  </Timeline.Item>
                ))}
              </Timeline>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      <HandoverModal lead={lead} opened={handingOver} onClose={() => setHandingOver(false)} />
      <LostReasonModal
        opened={losing}
        busy={move.isPending}
        onCancel={() => setLosing(false)}
        onConfirm={submitMove}
      />
    </Stack>
  );
}

/** An ISO timestamp as the value of a datetime-local input, in the browser's time zone. */
function localInputValue(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The fields a consultant fills in to qualify the prospect (seed 002's basic fields). */
function QualificationForm({ lead }: { lead: LeadDetail }) {
  const { t } = useTranslation();
  const update = useUpdateLead(lead.id);
  const [purchaseDate, setPurchaseDate] = useState(lead.intendedPurchaseDate ?? '');
  const [make, setMake] = useState(lead.currentCar.make ?? '');
  const [model, setModel] = useState(lead.currentCar.model ?? '');
  // the first car of interest as the form starts from it (colour and new/used else the lead's)
  const initialCar = {
    model: lead.vehicles[0]?.model ?? '',
    colour: lead.vehicles[0]?.colour ?? lead.colour ?? '',
    condition: lead.vehicles[0]?.condition ?? lead.condition,
  };
  const [interest, setInterest] = useState(initialCar.model);
  const [colour, setColour] = useState(initialCar.colour);
  const [condition, setCondition] = useState(initialCar.condition);
  const [result, setResult] = useState(lead.lastContactResult ?? '');
  const [plan, setPlan] = useState(lead.nextContactPlan ?? '');
  const [promotions, setPromotions] = useState(lead.promotions);
  const [competitorModels, setCompetitorModels] = useState(lead.competitorModels);
  const initialPlanAt = localInputValue(lead.nextContactAt);
  const [planAt, setPlanAt] = useState(initialPlanAt);
  // a budget without a currency yet is taken in the dealer's
  const dealers = useDealers();
  const dealerCurrency =
    dealers.data?.find((dealer) => dealer.code === lead.dealer?.code)?.currency ?? 'RUB';
  const initialBudget = budgetForm(lead.budget, dealerCurrency);
  const [budgetAmount, setBudgetAmount] = useState(initialBudget.amount);
  const [chosenCurrency, setCurrency] = useState<string | null>(null);
  const budgetCurrency = chosenCurrency ?? initialBudget.currency;
  const errors = fieldErrors(update.error);
  const budget = budgetChange(initialBudget, { amount: budgetAmount, currency: budgetCurrency });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        intendedPurchaseDate: purchaseDate || null,
        currentCar: { make: make || null, model: model || null, year: lead.currentCar.year },
        lastContactResult: result || null,
        nextContactPlan: plan || null,
        promotions,
        competitorModels,
        ...(budget !== undefined ? { budget } : {}),
        ...(planAt !== initialPlanAt
          ? { nextContactAt: planAt ? new Date(planAt).toISOString() : null }
          : {}),
        // the first car of interest carries model, colour and new/used; the lead keeps the
        // colour and new/used too (capture copies them from the first car)
        ...(interest !== initialCar.model ||
        colour !== initialCar.colour ||
        condition !== initialCar.condition
          ? {
              vehicles: withFirstVehicleChanged(lead.vehicles, {
                model: interest.trim(),
                colour: colour.trim(),
                condition,
              }),
              colour: colour.trim() || null,
              condition,
            }
          : {}),
      },
      { onSuccess: () => notifications.show({ color: 'green', message: t('leads.lead.saved') }) },
    );
  };

  return (
    <Card component="form" onSubmit={submit} data-testid="lead-qualification">
      <Title order={4} size="h5" mb="xs">
        {t('leads.lead.edit')}
      </Title>
      <Stack gap="xs">
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label={t('leads.lead.intendedPurchase')}
            value={purchaseDate}
            onChange={(event) => setPurchaseDate(event.currentTarget.value)}
            error={errors.intendedPurchaseDate}
          />
          <TextInput
            label={t('leads.missing.modelOfInterest')}
            value={interest}
            onChange={(event) => setInterest(event.currentTarget.value)}
          />
        </Group>
        <BudgetField
          amount={budgetAmount}
          currency={budgetCurrency}
          onAmount={setBudgetAmount}
          onCurrency={setCurrency}
          errors={{
            amount: errors['budget.minor'] ?? errors.budget,
            currency: errors['budget.currency'],
          }}
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('leads.entry.colour')}
            value={colour}
            onChange={(event) => setColour(event.currentTarget.value)}
          />
          <ConditionSelect value={condition} onChange={setCondition} />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={`${t('leads.lead.currentCar')}: ${t('leads.lead.make')}`}
            value={make}
            onChange={(event) => setMake(event.currentTarget.value)}
          />
          <TextInput
            label={t('leads.lead.model')}
            value={model}
            onChange={(event) => setModel(event.currentTarget.value)}
          />
        </Group>
        <Group grow align="flex-start">
          <TagsInput
            label={t('leads.entry.promotions')}
            value={promotions}
            onChange={setPromotions}
          />
          <TagsInput
            label={t('leads.entry.competitorModels')}
            value={competitorModels}
            onChange={setCompetitorModels}
          />
        </Group>
        <TextInput
          label={t('leads.lead.lastContact')}
          value={result}
          onChange={(event) => setResult(event.currentTarget.value)}
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('leads.lead.nextPlan')}
            value={plan}
            onChange={(event) => setPlan(event.currentTarget.value)}
          />
          <TextInput
            type="datetime-local"
            label={t('leads.lead.nextAt')}
            value={planAt}
            onChange={(event) => setPlanAt(event.currentTarget.value)}
            error={errors.nextContactAt}
          />
        </Group>
        <FormError
          error={update.error}
          shownPaths={(path) =>
            path === 'nextContactAt' || path === 'intendedPurchaseDate' || path.startsWith('budget')
          }
        />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            {t('leads.lead.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
