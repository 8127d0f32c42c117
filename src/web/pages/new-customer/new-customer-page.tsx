import {
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconUser } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import {
  contactChannels,
  emailKinds,
  languages,
  lifecycleStages,
  phoneKinds,
  type ContactChannel,
  type CustomerKind,
  type EmailKind,
  type Language,
  type LifecycleStage,
  type PhoneKind,
} from '../../../modules/customers/vocabulary.ts';
import { useCreateCustomer } from '../../api/customers.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import type { NewCustomer } from '../../api/types.ts';
import { FormError } from '../../components/form-error.tsx';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useSession } from '../../session/session-context.tsx';
import { ConsentRows, noConsents, type ConsentChoices } from './consent-rows.tsx';
import { ContactRows, type ContactRow } from '../../components/contact-rows.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import type { PossibleDuplicate } from '../../api/quality.ts';
import { PossibleDuplicatesAlert } from '../quality/possible-duplicates-alert.tsx';

/**
 * Empty contact rows are not sent, so the server's `phones.1.number` may be the form's third
 * row: remember where each sent row came from.
 */
function compact(rows: ContactRow[]) {
  const sent: { row: ContactRow; formIndex: number }[] = [];
  rows.forEach((row, formIndex) => {
    if (row.value.trim()) sent.push({ row, formIndex });
  });
  return sent;
}

export function NewCustomerPage() {
  const { t } = useTranslation();
  const { options } = useVocabulary();
  const navigate = useNavigate();
  const me = useSession();
  const dealers = useDealers();
  const create = useCreateCustomer();
  const [duplicates, setDuplicates] = useState<{ id: string; list: PossibleDuplicate[] } | null>(
    null,
  );
  usePageTitle(t('newCustomer.title'));

  const [kind, setKind] = useState<CustomerKind>('person');
  const [names, setNames] = useState({ lastName: '', firstName: '', middleName: '' });
  const [companyName, setCompanyName] = useState('');
  const [legalForm, setLegalForm] = useState('');
  const [taxId, setTaxId] = useState('');
  const [stage, setStage] = useState<LifecycleStage>('prospect');
  const [phones, setPhones] = useState<ContactRow[]>([{ value: '', kind: 'mobile' }]);
  const [primaryPhone, setPrimaryPhone] = useState(0);
  const [emails, setEmails] = useState<ContactRow[]>([{ value: '', kind: 'personal' }]);
  const [primaryEmail, setPrimaryEmail] = useState(0);
  const [chosenDealer, setChosenDealer] = useState<string | null>(null);
  const [language, setLanguage] = useState<Language | null>(null);
  const [channel, setChannel] = useState<ContactChannel | null>(null);
  const [source, setSource] = useState('');
  const [consents, setConsents] = useState<ConsentChoices>(noConsents);

  const dealerChoices = dealerOptions(dealers.data, (dealer) => dealer.inScope && dealer.active);
  const ownDealer = dealers.data?.find((dealer) => dealer.id === me.dealerId)?.code ?? null;
  const dealerCode = chosenDealer ?? ownDealer;

  const sentPhones = compact(phones);
  const sentEmails = compact(emails);
  const sentConsents = contactChannels.filter((name) => consents[name].given);
  const errors = fieldErrors(create.error);
  const shown = (path: string) =>
    path in errors &&
    (/^(phones|emails)\.\d+\.(number|address)$/.test(path) ||
      /^consents\.\d+/.test(path) ||
      [
        'lastName',
        'firstName',
        'middleName',
        'companyName',
        'legalForm',
        'taxId',
        'dealerCode',
        'lifecycleStage',
        'source',
      ].includes(path));
  const listError =
    (list: string, field: string, sent: { formIndex: number }[]) => (formIndex: number) => {
      const at = sent.findIndex((entry) => entry.formIndex === formIndex);
      return at < 0 ? undefined : (errors[`${list}.${at}.${field}`] ?? errors[`${list}.${at}`]);
    };
  const consentError = (name: ContactChannel) => {
    const at = sentConsents.indexOf(name);
    if (at < 0) return undefined;
    return errors[`consents.${at}.method`] ?? errors[`consents.${at}`];
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const primaryPhoneAt = sentPhones.findIndex((entry) => entry.formIndex === primaryPhone);
    const primaryEmailAt = sentEmails.findIndex((entry) => entry.formIndex === primaryEmail);
    const body: NewCustomer = {
      kind,
      lifecycleStage: stage,
      ...(kind === 'person'
        ? {
            lastName: names.lastName.trim() || null,
            firstName: names.firstName.trim() || null,
            middleName: names.middleName.trim() || null,
          }
        : {
            companyName: companyName.trim() || null,
            legalForm: legalForm.trim() || null,
            taxId: taxId.trim() || null,
          }),
      phones: sentPhones.map(({ row }, at) => ({
        number: row.value.trim(),
        kind: row.kind as PhoneKind,
        primary: at === Math.max(primaryPhoneAt, 0),
      })),
      emails: sentEmails.map(({ row }, at) => ({
        address: row.value.trim(),
        kind: row.kind as EmailKind,
        primary: at === Math.max(primaryEmailAt, 0),
      })),
      consents: sentConsents.map((name) => ({
        channel: name,
        status: 'granted',
        purpose: 'marketing',
        method: consents[name].method,
      })),
      preferredLanguage: language,
      preferredChannel: channel,
      source: source.trim() || null,
      ...(dealerCode ? { dealerCode } : {}),
    };
    create.mutate(body, {
      onSuccess: ({ id, possibleDuplicates }) => {
        notifications.show({ color: 'teal', message: t('newCustomer.created') });
        // the duplicate check found people who may be the same: let the user look first
        if (possibleDuplicates?.length) setDuplicates({ id, list: possibleDuplicates });
        else void navigate(`/customers/${id}`);
      },
    });
  };

  return (
    <Stack gap="md" maw={920}>
      <Breadcrumbs>
        <Anchor component={Link} to="/customers" size="sm">
          {t('customer.backToList')}
        </Anchor>
        <Text size="sm" c="dimmed">
          {t('newCustomer.title')}
        </Text>
      </Breadcrumbs>
      <Title order={2}>{t('newCustomer.title')}</Title>
      <form onSubmit={submit} noValidate data-testid="new-customer-form">
        <Stack gap="md">
          <FormError error={create.error} title={t('newCustomer.fixErrors')} shownPaths={shown} />
          {duplicates && (
            <PossibleDuplicatesAlert duplicates={duplicates.list} newId={duplicates.id} />
          )}
          <Card>
            <Stack gap="sm">
              <Group justify="space-between" align="flex-end">
                <SegmentedControl
                  value={kind}
                  onChange={(value) => setKind(value as CustomerKind)}
                  aria-label={t('newCustomer.kind')}
                  data={[
                    {
                      value: 'person',
                      label: (
                        <Group gap={6} wrap="nowrap">
                          <IconUser size={16} />
                          {t('kind.person')}
                        </Group>
                      ),
                    },
                    {
                      value: 'company',
                      label: (
                        <Group gap={6} wrap="nowrap">
                          <IconBuilding size={16} />
                          {t('kind.company')}
                        </Group>
                      ),
                    },
                  ]}
                />
                <Select
                  w={200}
                  label={t('newCustomer.stage')}
                  data={options('stage', lifecycleStages)}
                  value={stage}
                  onChange={(value) => value && setStage(value as LifecycleStage)}
                  error={errors.lifecycleStage}
                />
              </Group>
              {kind === 'person' ? (
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <TextInput
                    label={t('newCustomer.lastName')}
                    autoFocus
                    value={names.lastName}
                    onChange={(event) =>
                      setNames({ ...names, lastName: event.currentTarget.value })
                    }
                    error={errors.lastName}
                    data-testid="last-name"
                  />
                  <TextInput
                    label={t('newCustomer.firstName')}
                    value={names.firstName}
                    onChange={(event) =>
                      setNames({ ...names, firstName: event.currentTarget.value })
                    }
                    error={errors.firstName}
                    data-testid="first-name"
                  />
                  <TextInput
                    label={t('newCustomer.middleName')}
                    value={names.middleName}
                    onChange={(event) =>
                      setNames({ ...names, middleName: event.currentTarget.value })
                    }
                    error={errors.middleName}
                  />
                </SimpleGrid>
              ) : (
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                  <TextInput
                    label={t('newCustomer.companyName')}
                    autoFocus
                    value={companyName}
                    onChange={(event) => setCompanyName(event.currentTarget.value)}
                    error={errors.companyName}
                    data-testid="company-name"
                  />
                  <TextInput
                    label={t('newCustomer.legalForm')}
                    value={legalForm}
                    onChange={(event) => setLegalForm(event.currentTarget.value)}
                    error={errors.legalForm}
                  />
                  <TextInput
                    label={t('newCustomer.taxId')}
                    value={taxId}
                    onChange={(event) => setTaxId(event.currentTarget.value)}
                    error={errors.taxId}
                  />
                </SimpleGrid>
              )}
            </Stack>
          </Card>

          <Card>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
              <ContactRows
                label={t('newCustomer.phones')}
                description={t('newCustomer.phoneHint')}
                addLabel={t('newCustomer.addPhone')}
                type="tel"
                rows={phones}
                onChange={setPhones}
                primary={primaryPhone}
                onPrimary={setPrimaryPhone}
                kinds={options('phoneKind', phoneKinds)}
                errorAt={listError('phones', 'number', sentPhones)}
                testId="phone"
              />
              <ContactRows
                label={t('newCustomer.emails')}
                addLabel={t('newCustomer.addEmail')}
                type="email"
                rows={emails}
                onChange={setEmails}
                primary={primaryEmail}
                onPrimary={setPrimaryEmail}
                kinds={options('emailKind', emailKinds)}
                errorAt={listError('emails', 'address', sentEmails)}
                testId="email"
              />
            </SimpleGrid>
          </Card>

          <Card>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
              <Stack gap="sm">
                <Select
                  label={t('newCustomer.dealer')}
                  data={dealerChoices}
                  value={dealerCode}
                  onChange={setChosenDealer}
                  searchable
                  error={errors.dealerCode}
                  disabled={dealers.isPending}
                />
                <SimpleGrid cols={2} spacing="sm">
                  <Select
                    label={t('newCustomer.preferredLanguage')}
                    data={options('language', languages)}
                    value={language}
                    onChange={(value) => setLanguage(value as Language | null)}
                    clearable
                  />
                  <Select
                    label={t('newCustomer.preferredChannel')}
                    data={options('contactChannel', contactChannels)}
                    value={channel}
                    onChange={(value) => setChannel(value as ContactChannel | null)}
                    clearable
                  />
                </SimpleGrid>
                <TextInput
                  label={t('newCustomer.source')}
                  value={source}
                  onChange={(event) => setSource(event.currentTarget.value)}
                  error={errors.source}
                />
              </Stack>
              <ConsentRows value={consents} onChange={setConsents} errorAt={consentError} />
            </SimpleGrid>
          </Card>

          <Group justify="flex-end">
            <Button variant="default" component={Link} to="/customers">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="create-customer">
              {t('newCustomer.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
