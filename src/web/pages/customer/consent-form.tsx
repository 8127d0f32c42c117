import {
  Button,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  consentMethods,
  consentPurposes,
  contactChannels,
  type ConsentMethod,
  type ConsentPurpose,
  type ConsentStatus,
  type ContactChannel,
} from '../../../modules/customers/vocabulary.ts';
import { useRecordConsent } from '../../api/customers.ts';
import { FormError } from '../../components/form-error.tsx';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { fieldErrors } from '../../lib/field-errors.ts';

/** Record that the customer granted or withdrew permission for one channel. */
export function ConsentForm({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { options } = useVocabulary();
  const record = useRecordConsent(customerId);
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [status, setStatus] = useState<ConsentStatus>('granted');
  const [purpose, setPurpose] = useState<ConsentPurpose>('marketing');
  const [method, setMethod] = useState<ConsentMethod>('signed_form');
  const [evidence, setEvidence] = useState('');
  const errors = fieldErrors(record.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate(
      { channel, status, purpose, method, evidence: evidence.trim() || null },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('customer.consentSaved') });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} data-testid="consent-form">
      <Stack
        gap="sm"
        mt="md"
        pt="md"
        style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
      >
        <FormError error={record.error} shownPaths={(path) => path in errors} />
        <SegmentedControl
          fullWidth
          value={status}
          onChange={(value) => setStatus(value as ConsentStatus)}
          data={[
            { value: 'granted', label: t('customer.grant') },
            { value: 'withdrawn', label: t('customer.withdraw') },
          ]}
          color={status === 'granted' ? 'teal' : 'red'}
          aria-label={t('customer.consentDecision')}
        />
        <SimpleGrid cols={2} spacing="sm">
          <Select
            label={t('customer.consentChannel')}
            data={options('contactChannel', contactChannels)}
            value={channel}
            onChange={(value) => value && setChannel(value as ContactChannel)}
            error={errors.channel}
          />
          <Select
            label={t('customer.consentPurpose')}
            data={options('consentPurpose', consentPurposes)}
            value={purpose}
            onChange={(value) => value && setPurpose(value as ConsentPurpose)}
            error={errors.purpose}
          />
        </SimpleGrid>
        <Select
          label={t('customer.consentMethod')}
          data={options('consentMethod', consentMethods)}
          value={method}
          onChange={(value) => value && setMethod(value as ConsentMethod)}
          error={errors.method}
        />
        <TextInput
          label={t('customer.consentEvidence')}
          placeholder={t('customer.consentEvidenceHint')}
          value={evidence}
          onChange={(event) => setEvidence(event.currentTarget.value)}
          error={errors.evidence}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={record.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
