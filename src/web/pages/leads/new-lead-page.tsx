import {
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/error-message.ts';
import { isOwnedElsewhere } from '../../api/lead-claims.ts';
import { useCreateLead, type NewLead, type NewLeadResult } from '../../api/leads.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useSession } from '../../session/session-context.tsx';
import { PossibleDuplicatesAlert } from '../quality/possible-duplicates-alert.tsx';
import { toMinor } from '../sales/money.ts';
import { ClaimProspect } from './claim-prospect.tsx';
import { ConditionSelect } from './condition-select.tsx';
import { useActiveSourceOptions } from './source-name.ts';

/** The server's field paths this form shows under its own inputs. */
const inputPaths: Record<string, string> = {
  'person.lastName': 'lastName',
  'person.firstName': 'firstName',
  'person.phones.0.number': 'phone',
  'person.emails.0.address': 'email',
  'person.postcode': 'postcode',
  source: 'source',
  dealerCode: 'dealerCode',
  intendedPurchaseDate: 'intendedPurchaseDate',
  budgetMinor: 'budget',
  currency: 'budget',
  'currentCar.year': 'currentYear',
  nextContactAt: 'nextContactAt',
};

const blank = {
  lastName: '',
  firstName: '',
  phone: '',
  email: '',
  city: '',
  postcode: '',
  campaign: '',
  make: '',
  model: '',
  colour: '',
  intendedPurchaseDate: '',
  currentMake: '',
  currentModel: '',
  lastContactResult: '',
  nextContactPlan: '',
  nextContactAt: '',
  comment: '',
};
type TextFields = typeof blank;

/** Only the fields given: the API reads an empty string as a value, not as "not known". */
function given(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The consultant's entry of a prospect from the web app (issue 3, "consultant entry"): the
 * person, what he wants and by when, his current car, promotions and competitors he names, and
 * the contact plan. The same capture as every channel: a known phone or e-mail joins the lead
 * to the person on file, a new person is checked for probable duplicates.
 */
export function NewLeadPage() {
  const { t } = useTranslation();
  usePageTitle(t('leads.entry.title'));
  const navigate = useNavigate();
  const me = useSession();
  const dealers = useDealers();
  const sourceOptions = useActiveSourceOptions();
  const create = useCreateLead();
  const [fields, setFields] = useState<TextFields>(blank);
  const [gender, setGender] = useState<'male' | 'female' | null>(null);
  const [condition, setCondition] = useState<'new' | 'used' | null>(null);
  const [source, setSource] = useState<string>('own_prospecting');
  const [chosenDealer, setChosenDealer] = useState<string | null>(null);
  const [budget, setBudget] = useState<number | null>(null);
  const [currentYear, setCurrentYear] = useState<number | null>(null);
  const [promotions, setPromotions] = useState<string[]>([]);
  const [competitorModels, setCompetitorModels] = useState<string[]>([]);
  const [saved, setSaved] = useState<NewLeadResult | null>(null);

  const ownDealer = dealers.data?.find((dealer) => dealer.id === me.dealerId) ?? null;
  const dealerCode = chosenDealer ?? ownDealer?.code ?? null;
  const currency =
    dealers.data?.find((dealer) => dealer.code === dealerCode)?.currency ??
    ownDealer?.currency ??
    'RUB';

  const problems = fieldErrors(create.error);
  const errors: Record<string, string> = {};
  for (const [path, text] of Object.entries(problems)) {
    const input = inputPaths[path];
    if (input) errors[input] = errors[input] ? `${errors[input]}; ${text}` : text;
  }
  const field = (name: keyof TextFields) => ({
    value: fields[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setFields((current) => ({ ...current, [name]: value }));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const phone = given(fields.phone);
    const email = given(fields.email);
    const wanted = {
      make: given(fields.make),
      model: given(fields.model),
      colour: given(fields.colour),
      condition: condition ?? undefined,
    };
    const current = {
      make: given(fields.currentMake),
      model: given(fields.currentModel),
      year: currentYear ?? undefined,
    };
    const nextAt = given(fields.nextContactAt);
    // a field left undefined is not sent at all (JSON leaves it out)
    const lead: NewLead = {
      source,
      dealerCode: dealerCode ?? undefined,
      campaign: given(fields.campaign),
      person: {
        kind: 'person',
        lastName: given(fields.lastName),
        firstName: given(fields.firstName),
        gender: gender ?? undefined,
        phones: phone ? [{ number: phone }] : [],
        emails: email ? [{ address: email }] : [],
        city: given(fields.city),
        postcode: given(fields.postcode),
      },
      vehicles: Object.values(wanted).some(Boolean) ? [wanted] : undefined,
      currentCar: Object.values(current).some(Boolean) ? current : undefined,
      intendedPurchaseDate: given(fields.intendedPurchaseDate),
      ...(budget !== null ? { budgetMinor: toMinor(budget, currency), currency } : {}),
      promotions: promotions.length > 0 ? promotions : undefined,
      competitorModels: competitorModels.length > 0 ? competitorModels : undefined,
      comment: given(fields.comment),
      lastContactResult: given(fields.lastContactResult),
      nextContactPlan: given(fields.nextContactPlan),
      nextContactAt: nextAt ? new Date(nextAt).toISOString() : undefined,
    };
    create.mutate(lead, {
      onSuccess: (result) => {
        // probable duplicates of a new person: let the consultant look before working the lead
        if (result.possibleDuplicates?.length) setSaved(result);
        else void navigate(`/leads/${result.leadId}`);
      },
    });
  };

  return (
    <Stack gap="md" maw={920}>
      <Breadcrumbs>
        <Anchor component={Link} to="/leads" size="sm">
          {t('leads.nav.list')}
        </Anchor>
        <Text size="sm" c="dimmed">
          {t('leads.entry.title')}
        </Text>
      </Breadcrumbs>
      <Title order={1} size="h2">
        {t('leads.entry.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('leads.entry.intro')}
      </Text>
      {saved?.possibleDuplicates && (
        <Stack gap="xs">
          <PossibleDuplicatesAlert duplicates={saved.possibleDuplicates} newId={saved.customerId} />
          <Group>
            <Button component={Link} to={`/leads/${saved.leadId}`} size="xs">
              {t('leads.showroom.openLead')}
            </Button>
          </Group>
        </Stack>
      )}
      <form onSubmit={submit} noValidate data-testid="new-lead-form">
        <Stack gap="md">
          <Card>
            <Title order={2} size="h5" mb="xs">
              {t('leads.entry.person')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('leads.entry.lastName')}
                {...field('lastName')}
                error={errors.lastName}
              />
              <TextInput
                label={t('leads.entry.firstName')}
                {...field('firstName')}
                error={errors.firstName}
              />
              <TextInput
                label={t('leads.showroom.phoneNumber')}
                type="tel"
                {...field('phone')}
                error={errors.phone}
              />
              <TextInput
                label={t('leads.entry.email')}
                type="email"
                {...field('email')}
                error={errors.email}
              />
              <Select
                label={t('leads.entry.gender')}
                data={[
                  { value: 'male', label: t('leads.entry.male') },
                  { value: 'female', label: t('leads.entry.female') },
                ]}
                value={gender}
                onChange={(value) => setGender(value as 'male' | 'female' | null)}
                clearable
              />
              <Group grow align="flex-start">
                <TextInput label={t('leads.entry.city')} {...field('city')} />
                <TextInput
                  label={t('leads.entry.postcode')}
                  {...field('postcode')}
                  error={errors.postcode}
                />
              </Group>
            </SimpleGrid>
          </Card>

          <Card data-testid="new-lead-interest">
            <Title order={2} size="h5" mb="xs">
              {t('leads.entry.interest')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label={t('leads.lead.make')} {...field('make')} />
              <TextInput label={t('leads.showroom.model')} {...field('model')} />
              <TextInput label={t('leads.entry.colour')} {...field('colour')} />
              <ConditionSelect value={condition} onChange={setCondition} />
              <TextInput
                type="date"
                label={t('leads.lead.intendedPurchase')}
                {...field('intendedPurchaseDate')}
                error={errors.intendedPurchaseDate}
              />
              <NumberInput
                label={`${t('leads.lead.budget')}, ${currency}`}
                value={budget ?? ''}
                onChange={(value) => setBudget(typeof value === 'number' ? value : null)}
                min={0}
                thousandSeparator=" "
                error={errors.budget}
              />
              <TagsInput
                label={t('leads.entry.promotions')}
                description={t('leads.entry.tagsHint')}
                value={promotions}
                onChange={setPromotions}
                data-testid="new-lead-promotions"
              />
              <TagsInput
                label={t('leads.entry.competitorModels')}
                description={t('leads.entry.tagsHint')}
                value={competitorModels}
                onChange={setCompetitorModels}
                data-testid="new-lead-competitors"
              />
            </SimpleGrid>
          </Card>

          <Card data-testid="new-lead-current-car">
            <Title order={2} size="h5" mb="xs">
              {t('leads.lead.currentCar')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput label={t('leads.lead.make')} {...field('currentMake')} />
              <TextInput label={t('leads.lead.model')} {...field('currentModel')} />
              <NumberInput
                label={t('leads.lead.year')}
                value={currentYear ?? ''}
                onChange={(value) => setCurrentYear(typeof value === 'number' ? value : null)}
                min={1900}
                max={2100}
                allowDecimal={false}
                error={errors.currentYear}
              />
            </SimpleGrid>
          </Card>

          <Card>
            <Title order={2} size="h5" mb="xs">
              {t('leads.entry.contact')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Select
                label={t('leads.showroom.source')}
                data={sourceOptions}
                value={source}
                onChange={(value) => setSource(value ?? 'own_prospecting')}
                error={errors.source}
              />
              <TextInput label={t('leads.lead.campaign')} {...field('campaign')} />
              {!me.dealerId && (
                <Select
                  label={t('leads.lead.dealer')}
                  description={t('leads.entry.dealerHint')}
                  data={dealerOptions(dealers.data, (dealer) => dealer.inScope && dealer.active)}
                  value={dealerCode}
                  onChange={setChosenDealer}
                  searchable
                  clearable
                  error={errors.dealerCode}
                />
              )}
              <TextInput label={t('leads.lead.lastContact')} {...field('lastContactResult')} />
              <TextInput label={t('leads.lead.nextPlan')} {...field('nextContactPlan')} />
              <TextInput
                type="datetime-local"
                label={t('leads.lead.nextAt')}
                {...field('nextContactAt')}
                error={errors.nextContactAt}
              />
            </SimpleGrid>
            <Textarea mt="sm" label={t('leads.entry.comment')} autosize {...field('comment')} />
          </Card>

          {isOwnedElsewhere(create.error) ? (
            <ClaimProspect
              phone={fields.phone}
              refusal={errorMessage(create.error)}
              onClaimed={() => create.reset()}
            />
          ) : (
            <FormError error={create.error} shownPaths={(path) => path in inputPaths} />
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {t('leads.entry.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
