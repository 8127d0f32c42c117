import { Alert, Button, Card, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowMerge } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { CustomerPicker } from '../../components/customer-picker.tsx';
import {
  useCustomerMerges,
  useMergeCustomers,
  useUndoMerge,
  type MergeRecord,
} from '../../api/quality.ts';
import type { Customer360 } from '../../api/types.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';
import { customerColumnLabelKey } from './evidence-labels.ts';

/**
 * On the customer page, for data stewards: merge this record with another one of the same person
 * that the duplicate search did not propose, and see (and undo) the merges it took part in.
 */
export function CustomerMergeCard({ customer }: { customer: Customer360 }) {
  const { t } = useTranslation();
  const canMerge = useCan('quality:manage');
  const [opened, setOpened] = useState(false);
  const merges = useCustomerMerges(customer.profile.id, canMerge);
  if (!canMerge) return null;
  return (
    <Card>
      <Text fw={600} mb="xs">
        {t('quality.merge.title')}
      </Text>
      {merges.isError && <QueryError error={merges.error} />}
      {merges.data?.length ? (
        <Stack gap="xs">
          {merges.data.map((merge) => (
            <MergeLine key={merge.id} merge={merge} customerId={customer.profile.id} />
          ))}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('quality.merge.none')}
        </Text>
      )}
      {/* full width in the body, as on the verification card: the wording is long in ru */}
      <Button
        fullWidth
        mt="sm"
        variant="light"
        leftSection={<IconArrowMerge size={16} />}
        onClick={() => setOpened(true)}
      >
        {t('quality.merge.action')}
      </Button>
      {opened && <MergeModal customer={customer} onClose={() => setOpened(false)} />}
    </Card>
  );
}

function MergeLine({ merge, customerId }: { merge: MergeRecord; customerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const undo = useUndoMerge();
  const client = useQueryClient();
  const taken = merge.fields.filter((field) => field.from === 'loser');
  const columnLabel = (column: string) => {
    const key = customerColumnLabelKey(column);
    return key ? t(key) : column;
  };
  return (
    <Stack gap={2} data-testid="customer-merge">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
          {format.dateTime(merge.mergedAt)} ·{' '}
          {merge.survivorId === customerId
            ? t('quality.merge.mergedFrom', { name: merge.loserName })
            : t('quality.merge.mergedInto', { name: merge.survivorName })}
        </Text>
        {merge.undoneAt ? (
          <Text size="xs" c="dimmed">
            {t('quality.duplicates.undone')}
          </Text>
        ) : (
          <Button
            size="xs"
            variant="subtle"
            style={{ flexShrink: 0 }}
            loading={undo.isPending}
            onClick={() =>
              undo.mutate(merge.id, {
                onSuccess: () => void client.invalidateQueries({ queryKey: ['customers'] }),
              })
            }
          >
            {t('quality.duplicates.undo')}
          </Button>
        )}
      </Group>
      {taken.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('quality.merge.taken', {
            fields: taken
              .map(
                (field) =>
                  `${columnLabel(field.field)} (${t(`quality.merge.rule.${field.rule}`, {
                    defaultValue: field.rule,
                  })})`,
              )
              .join(', '),
          })}
        </Text>
      )}
      {undo.isError && <QueryError error={undo.error} />}
    </Stack>
  );
}

function MergeModal({ customer, onClose }: { customer: Customer360; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const merge = useMergeCustomers();
  const { profile } = customer;
  const [otherId, setOtherId] = useState<string | null>(null);
  const [keep, setKeep] = useState<'this' | 'other'>('this');
  const errors = fieldErrors(merge.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!otherId) return;
    const [survivorId, loserId] = keep === 'this' ? [profile.id, otherId] : [otherId, profile.id];
    merge.mutate(
      { survivorId, loserId },
      {
        onSuccess: (record) => {
          notifications.show({
            color: 'green',
            message: t('quality.duplicates.merged', { name: record.survivorName }),
          });
          onClose();
          if (record.survivorId !== profile.id) void navigate(`/customers/${record.survivorId}`);
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={t('quality.merge.modalTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <CustomerPicker
            label={t('quality.merge.search')}
            // a person and a company are never one record: the server refuses it, so do not offer it
            kind={profile.kind}
            offer={(item) => item.id !== profile.id}
            value={otherId}
            onChange={setOtherId}
            nothingFound={t('quality.merge.nothingFound')}
            error={errors.loserId ?? errors.survivorId}
            autoFocus
          />
          <Radio.Group
            label={t('quality.merge.keep')}
            value={keep}
            onChange={(value) => setKeep(value as 'this' | 'other')}
          >
            <Group mt={4}>
              <Radio
                value="this"
                label={t('quality.merge.keepThis', { name: profile.displayName })}
              />
              <Radio value="other" label={t('quality.merge.keepOther')} />
            </Group>
          </Radio.Group>
          <Alert color="blue" variant="light">
            {t('quality.merge.note')}
          </Alert>
          {merge.isError && !errors.loserId && !errors.survivorId && (
            <QueryError error={merge.error} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!otherId} loading={merge.isPending}>
              {t('quality.duplicates.merge')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
