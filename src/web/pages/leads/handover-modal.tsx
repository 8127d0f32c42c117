import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useTransferLead, type LeadDetail } from '../../api/leads.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';

type Props = { lead: LeadDetail; opened: boolean; onClose: () => void };

/**
 * Hands the lead (and the person, for its brand) over to another dealer with a reason. Only
 * dealers selling the lead's brand are offered: the server refuses the others.
 */
export function HandoverModal({ lead, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('leads.handover.title')}>
      {opened && <HandoverForm lead={lead} onClose={onClose} />}
    </Modal>
  );
}

function HandoverForm({ lead, onClose }: { lead: LeadDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const dealers = useDealers();
  const transfer = useTransferLead(lead.id);
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const errors = fieldErrors(transfer.error);
  const options = dealerOptions(
    dealers.data,
    (dealer) =>
      dealer.active &&
      dealer.kind === 'dealer' &&
      dealer.code !== lead.dealer?.code &&
      (!lead.brandCode || dealer.brands.includes(lead.brandCode)),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!dealerCode || !reason.trim()) return;
    transfer.mutate(
      { dealerCode, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: t('leads.handover.done', { dealer: dealerCode }),
          });
          onClose();
          // the lead may now lie outside the user's dealer: back to the list
          void navigate('/leads');
        },
      },
    );
  };

  return (
    <form onSubmit={submit}>
      <Stack>
        <Select
          label={t('leads.handover.dealer')}
          required
          searchable
          data={options}
          value={dealerCode}
          onChange={setDealerCode}
          error={errors.dealerCode}
          data-testid="handover-dealer"
        />
        <Textarea
          label={t('leads.handover.reason')}
          required
          autosize
          minRows={2}
          maxLength={1000}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={errors.reason}
          data-testid="handover-reason"
        />
        <FormError
          error={transfer.error}
          shownPaths={(path) => path === 'dealerCode' || path === 'reason'}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('leads.handover.cancel')}
          </Button>
          <Button
            type="submit"
            loading={transfer.isPending}
            disabled={!dealerCode || !reason.trim()}
          >
            {t('leads.handover.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
