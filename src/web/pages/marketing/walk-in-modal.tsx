import {
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CustomerPicker } from '../../components/customer-picker.tsx';
import { useWalkIn, type WalkInBody } from '../../api/event-care.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { AttendanceError } from './event-attendance-control.tsx';

type Props = { campaignId: string; opened: boolean; onClose: () => void };

/** At the door: someone came who did not register, a customer already or a new person. */
export function WalkInModal({ campaignId, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('eventCare.walkInTitle')}>
      {opened && <WalkInForm campaignId={campaignId} onClose={onClose} />}
    </Modal>
  );
}

const newPersonPaths = new Set([
  'newCustomer.firstName',
  'newCustomer.lastName',
  'newCustomer.phone',
  'newCustomer.email',
]);

function WalkInForm({ campaignId, onClose }: { campaignId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const walkIn = useWalkIn(campaignId);
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [person, setPerson] = useState({ firstName: '', lastName: '', phone: '', email: '' });
  const [language, setLanguage] = useState<'en' | 'ru' | 'zh' | null>(null);
  const [surveyConsent, setSurveyConsent] = useState(false);
  const errors = fieldErrors(walkIn.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: WalkInBody =
      mode === 'existing'
        ? { customerId: customerId ?? '' }
        : {
            newCustomer: {
              firstName: person.firstName,
              lastName: person.lastName || null,
              phone: person.phone || null,
              email: person.email || null,
              preferredLanguage: language,
              surveyConsent,
            },
          };
    walkIn.mutate(body, {
      onSuccess: (result) => {
        const duplicates = result.possibleDuplicates.map((d) => d.displayName).join(', ');
        notifications.show({
          color: duplicates ? 'yellow' : 'green',
          message: duplicates
            ? t('eventCare.possibleDuplicates', { names: duplicates })
            : t(result.created ? 'eventCare.doneNew' : 'eventCare.doneExisting'),
        });
        onClose();
      },
    });
  };

  const field = (key: keyof typeof person, label: string, required = false) => (
    <TextInput
      label={label}
      required={required}
      value={person[key]}
      error={errors[`newCustomer.${key}`]}
      onChange={(event) => {
        // a corrected field no longer shows the last answer's error
        walkIn.reset();
        setPerson({ ...person, [key]: event.currentTarget.value });
      }}
    />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SegmentedControl
          value={mode}
          onChange={(value) => setMode(value as 'existing' | 'new')}
          data={[
            { value: 'existing', label: t('eventCare.existing') },
            { value: 'new', label: t('eventCare.newPerson') },
          ]}
        />
        {mode === 'existing' ? (
          <CustomerPicker
            label={t('eventCare.search')}
            details={['phone', 'email']}
            value={customerId}
            onChange={setCustomerId}
            nothingFound={t('eventCare.nothingFound')}
            error={errors.customerId}
          />
        ) : (
          <>
            <Group grow>
              {field('firstName', t('eventCare.firstName'), true)}
              {field('lastName', t('eventCare.lastName'))}
            </Group>
            {field('phone', t('eventCare.phone'))}
            {field('email', t('eventCare.email'))}
            <Select
              label={t('eventCare.language')}
              clearable
              value={language}
              onChange={(value) => setLanguage(value as 'en' | 'ru' | 'zh' | null)}
              data={(['ru', 'en', 'zh'] as const).map((code) => ({
                value: code,
                label: t(`language.${code}`),
              }))}
            />
            <Checkbox
              label={t('eventCare.surveyConsent')}
              checked={surveyConsent}
              onChange={(event) => setSurveyConsent(event.currentTarget.checked)}
            />
          </>
        )}
        <AttendanceError
          error={walkIn.error}
          shownPaths={(path) => path === 'customerId' || newPersonPaths.has(path)}
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={walkIn.isPending}
            disabled={mode === 'existing' && !customerId}
          >
            {t('eventCare.markCame')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
