import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRedeem } from '../../api/club.ts';
import { FormError } from '../../components/form-error.tsx';

type Props = { memberId: string; balance: number; opened: boolean; onClose: () => void };

/** Spend a member's points; the server refuses more than the balance. */
export function RedeemModal({ memberId, balance, opened, onClose }: Props) {
  const { t } = useTranslation();
  const redeem = useRedeem();
  const [points, setPoints] = useState<number | string>('');
  const [reason, setReason] = useState('');

  const submit = () =>
    redeem.mutate(
      { memberId, points: Number(points), reason: reason.trim() },
      {
        onSuccess: () => {
          setPoints('');
          setReason('');
          onClose();
        },
      },
    );

  return (
    <Modal opened={opened} onClose={onClose} title={t('club.redeem.title')}>
      <Stack gap="sm">
        <NumberInput
          label={t('club.redeem.points')}
          min={1}
          max={balance}
          allowDecimal={false}
          value={points}
          onChange={setPoints}
          required
        />
        <TextInput
          label={t('club.redeem.reason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          required
        />
        <FormError error={redeem.error} />
        <Group justify="flex-end">
          <Button
            onClick={submit}
            loading={redeem.isPending}
            disabled={!(Number(points) > 0) || reason.trim().length < 3}
          >
            {t('club.redeem.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
