import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lostReasons, type LostReason } from '../../../modules/leads/schema.ts';
import type { StageMove } from '../../api/leads.ts';

type Props = {
  opened: boolean;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (move: StageMove) => void;
};

/** Losing a lead asks why (required) and, optionally, which competitor's car was bought. */
export function LostReasonModal({ opened, busy, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<LostReason | null>(null);
  const [make, setMake] = useState('');
  const [model, setModel] = useState('');
  const [note, setNote] = useState('');
  const confirm = () => {
    if (!reason) return;
    onConfirm({
      stage: 'lost',
      lostReason: reason,
      ...(make.trim() ? { competitorMake: make.trim() } : {}),
      ...(model.trim() ? { competitorModel: model.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };
  return (
    <Modal opened={opened} onClose={onCancel} title={t('leads.lost.title')}>
      <Stack>
        <Select
          label={t('leads.lost.reason')}
          required
          data={lostReasons.map((value) => ({ value, label: t(`leads.lostReason.${value}`) }))}
          value={reason}
          onChange={(value) => setReason(value as LostReason | null)}
          data-testid="lost-reason"
        />
        <Group grow>
          <TextInput
            label={t('leads.lost.competitorMake')}
            value={make}
            onChange={(event) => setMake(event.currentTarget.value)}
          />
          <TextInput
            label={t('leads.lost.competitorModel')}
            value={model}
            onChange={(event) => setModel(event.currentTarget.value)}
          />
        </Group>
        <TextInput
          label={t('leads.lost.note')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('leads.lost.cancel')}
          </Button>
          <Button color="red" disabled={!reason} loading={busy} onClick={confirm}>
            {t('leads.lost.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
