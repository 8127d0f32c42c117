import { Badge, Button, Collapse, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconUserCheck } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  verificationMethods,
  type VerificationMethod,
} from '../../../modules/customers/vocabulary.ts';
import { useRecordVerification } from '../../api/customers.ts';
import type { Customer360 } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';
import { DataCheckAction } from './data-check-action.tsx';

const yearMs = 365 * 86_400_000;

/**
 * When the customer's data was last confirmed with him, and the action to record that it just
 * was: the freshness of the quality score goes by it.
 */
export function VerificationCard({ customer }: { customer: Customer360 }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const canWrite = useCan('customers:write');
  const [formOpen, setFormOpen] = useState(false);
  const verification = customer.verification;
  const old = verification && Date.now() - Date.parse(verification.verifiedAt) > yearMs;

  return (
    <SectionCard
      title={t('customer.verification')}
      icon={<IconUserCheck size={18} />}
      testId="verification-card"
    >
      {verification ? (
        <Stack gap={2}>
          <Group gap={6}>
            <Text size="sm" fw={500}>
              {t('customer.verifiedOn', { date: format.date(verification.verifiedAt) })}
            </Text>
            <Badge size="sm" variant="light" color={old ? 'orange' : 'teal'}>
              {label('verificationMethod', verification.method)}
            </Badge>
          </Group>
          {verification.verifiedBy && (
            <Text size="xs" c="dimmed">
              {t('customer.verifiedBy', { name: verification.verifiedBy })}
            </Text>
          )}
          {verification.note && <Text size="xs">{verification.note}</Text>}
          {old && (
            <Text size="xs" c="orange">
              {t('customer.verificationOld')}
            </Text>
          )}
        </Stack>
      ) : (
        <EmptyNote>{t('customer.verifiedNever')}</EmptyNote>
      )}
      {canWrite && !formOpen && (
        // in the body, not the header: the wording is long in every language
        <Button
          mt="sm"
          fullWidth
          variant="light"
          leftSection={<IconCheck size={16} />}
          onClick={() => setFormOpen(true)}
        >
          {t('customer.verificationConfirm')}
        </Button>
      )}
      {canWrite && !formOpen && <DataCheckAction customerId={customer.profile.id} />}
      <Collapse expanded={formOpen} keepMounted={false}>
        <VerificationForm customerId={customer.profile.id} onDone={() => setFormOpen(false)} />
      </Collapse>
    </SectionCard>
  );
}

function VerificationForm({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { options } = useVocabulary();
  const record = useRecordVerification(customerId);
  const [method, setMethod] = useState<VerificationMethod>('phone_call');
  const [note, setNote] = useState('');
  const errors = fieldErrors(record.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate(
      { method, note: note.trim() || null },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('customer.verificationSaved') });
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} data-testid="verification-form">
      <Stack
        gap="sm"
        mt="md"
        pt="md"
        style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
      >
        <FormError error={record.error} shownPaths={(path) => path in errors} />
        <Select
          label={t('customer.verificationMethod')}
          data={options('verificationMethod', verificationMethods)}
          value={method}
          onChange={(value) => value && setMethod(value as VerificationMethod)}
          error={errors.method}
        />
        <TextInput
          label={t('customer.verificationNote')}
          placeholder={t('customer.verificationNoteHint')}
          value={note}
          maxLength={1000}
          onChange={(event) => setNote(event.currentTarget.value)}
          error={errors.note}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={record.isPending}>
            {t('customer.verificationConfirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
