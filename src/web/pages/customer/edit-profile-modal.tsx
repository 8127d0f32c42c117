import {
  Button,
  Divider,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  contactChannels,
  customerCategories,
  educationLevels,
  genders,
  incomeBands,
  languages,
  lifecycleStages,
  maritalStatuses,
} from '../../../modules/customers/vocabulary.ts';
import { useUpdateCustomer } from '../../api/customers.ts';
import type { Customer360, CustomerProfile, ProfileChanges } from '../../api/types.ts';
import { DateField } from '../../components/date-fields.tsx';
import { FormError } from '../../components/form-error.tsx';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { fieldErrors } from '../../lib/field-errors.ts';

type Draft = Required<ProfileChanges>;

function draftOf(profile: CustomerProfile): Draft {
  const { lifecycleStage, firstName, middleName, lastName, gender, birthDate, education } = profile;
  const { occupation, employer, incomeBand, maritalStatus, childrenCount, interests } = profile;
  const { personalValues, friendsCars, companyName, legalForm, taxId, categories } = profile;
  const { preferredLanguage, preferredChannel, source, notes } = profile;
  return {
    lifecycleStage,
    firstName,
    middleName,
    lastName,
    gender,
    birthDate,
    education,
    occupation,
    employer,
    incomeBand,
    maritalStatus,
    childrenCount,
    interests,
    personalValues,
    friendsCars,
    companyName,
    legalForm,
    taxId,
    categories,
    preferredLanguage,
    preferredChannel,
    source,
    notes,
  };
}

/** Only what changed is sent, so the audit trail shows exactly what the user edited. */
function changes(before: Draft, after: Draft): ProfileChanges {
  const diff: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof Draft)[]) {
    const value =
      typeof after[key] === 'string' ? (after[key] as string).trim() || null : after[key];
    if (JSON.stringify(value) !== JSON.stringify(before[key])) diff[key] = value;
  }
  return diff as ProfileChanges;
}

export function EditProfileModal({
  customer,
  onClose,
}: {
  customer: Customer360;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { options } = useVocabulary();
  const update = useUpdateCustomer(customer.profile.id);
  const initial = draftOf(customer.profile);
  const [draft, setDraft] = useState<Draft>(initial);
  const errors = fieldErrors(update.error);
  const company = customer.profile.kind === 'company';

  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((previous) => ({ ...previous, [key]: value }));
  const text = (
    key:
      | 'firstName'
      | 'middleName'
      | 'lastName'
      | 'occupation'
      | 'employer'
      | 'friendsCars'
      | 'companyName'
      | 'legalForm'
      | 'taxId'
      | 'source',
  ) => ({
    value: draft[key] ?? '',
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(key)(event.currentTarget.value),
    error: errors[key],
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const diff = changes(initial, draft);
    if (Object.keys(diff).length === 0) return onClose();
    update.mutate(diff, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: t('editProfile.saved') });
        onClose();
      },
    });
  };

  return (
    <Modal opened onClose={onClose} title={t('editProfile.title')} size="xl" centered={false}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormError error={update.error} shownPaths={(path) => path in errors} />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select
              label={t('newCustomer.stage')}
              data={options('stage', lifecycleStages)}
              value={draft.lifecycleStage}
              onChange={(value) => value && set('lifecycleStage')(value as Draft['lifecycleStage'])}
              error={errors.lifecycleStage}
            />
            <MultiSelect
              style={{ gridColumn: 'span 2' }}
              label={t('customer.categories')}
              data={options('category', customerCategories)}
              value={draft.categories}
              onChange={(value) => set('categories')(value as Draft['categories'])}
              clearable
              error={errors.categories}
            />
          </SimpleGrid>
          {company ? (
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput label={t('newCustomer.companyName')} {...text('companyName')} />
              <TextInput label={t('newCustomer.legalForm')} {...text('legalForm')} />
              <TextInput label={t('newCustomer.taxId')} {...text('taxId')} />
            </SimpleGrid>
          ) : (
            <>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <TextInput label={t('newCustomer.lastName')} {...text('lastName')} />
                <TextInput label={t('newCustomer.firstName')} {...text('firstName')} />
                <TextInput label={t('newCustomer.middleName')} {...text('middleName')} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <DateField
                  label={t('customer.birthDate')}
                  value={draft.birthDate}
                  onChange={set('birthDate')}
                  error={errors.birthDate}
                  maxDate={new Date().toISOString().slice(0, 10)}
                />
                <Select
                  label={t('customer.gender')}
                  data={options('gender', genders)}
                  value={draft.gender}
                  onChange={(value) => set('gender')(value as Draft['gender'])}
                  clearable
                  error={errors.gender}
                />
                <Select
                  label={t('customer.education')}
                  data={options('education', educationLevels)}
                  value={draft.education}
                  onChange={(value) => set('education')(value as Draft['education'])}
                  clearable
                  error={errors.education}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <TextInput label={t('customer.occupation')} {...text('occupation')} />
                <TextInput label={t('customer.employer')} {...text('employer')} />
                <Select
                  label={t('customer.incomeBand')}
                  data={options('incomeBand', incomeBands)}
                  value={draft.incomeBand}
                  onChange={(value) => set('incomeBand')(value as Draft['incomeBand'])}
                  clearable
                  error={errors.incomeBand}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <Select
                  label={t('customer.maritalStatus')}
                  data={options('maritalStatus', maritalStatuses)}
                  value={draft.maritalStatus}
                  onChange={(value) => set('maritalStatus')(value as Draft['maritalStatus'])}
                  clearable
                  error={errors.maritalStatus}
                />
                <NumberInput
                  label={t('customer.children')}
                  min={0}
                  max={30}
                  allowDecimal={false}
                  value={draft.childrenCount ?? ''}
                  onChange={(value) =>
                    set('childrenCount')(typeof value === 'number' ? value : null)
                  }
                  error={errors.childrenCount}
                />
                <TextInput label={t('customer.friendsCars')} {...text('friendsCars')} />
              </SimpleGrid>
            </>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TagsInput
              label={t('customer.interests')}
              description={t('editProfile.interestsHint')}
              value={draft.interests}
              onChange={set('interests')}
              clearable
              error={errors.interests}
            />
            <TagsInput
              label={t('customer.personalValues')}
              description={t('editProfile.interestsHint')}
              value={draft.personalValues}
              onChange={set('personalValues')}
              clearable
              error={errors.personalValues}
            />
          </SimpleGrid>
          <Divider />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <Select
              label={t('customer.preferredLanguage')}
              data={options('language', languages)}
              value={draft.preferredLanguage}
              onChange={(value) => set('preferredLanguage')(value as Draft['preferredLanguage'])}
              clearable
              error={errors.preferredLanguage}
            />
            <Select
              label={t('customer.preferredChannel')}
              data={options('contactChannel', contactChannels)}
              value={draft.preferredChannel}
              onChange={(value) => set('preferredChannel')(value as Draft['preferredChannel'])}
              clearable
              error={errors.preferredChannel}
            />
            <TextInput label={t('customer.source')} {...text('source')} />
          </SimpleGrid>
          <Textarea
            label={t('customer.notes')}
            autosize
            minRows={2}
            maxRows={8}
            value={draft.notes ?? ''}
            onChange={(event) => set('notes')(event.currentTarget.value)}
            error={errors.notes}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
