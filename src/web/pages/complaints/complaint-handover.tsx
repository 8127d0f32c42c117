import { Button, Group, Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReassignComplaint, type Complaint } from '../../api/complaints.ts';
import { useDealerUsers } from '../../api/org.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan, useSession } from '../../session/session-context.tsx';

/**
 * Hands a complaint still handled to a colleague at its dealer. Shown to the person handling
 * it and to those who direct others' work, as the API allows.
 */
export function ComplaintHandover({ complaint }: { complaint: Complaint }) {
  const { t } = useTranslation();
  const me = useSession();
  const canAct = useCan('complaints:write');
  const canAssign = useCan('tasks:assign');
  const handling = complaint.status === 'open' || complaint.status === 'investigating';
  const mayHandOver = canAct && handling && (canAssign || complaint.responsible?.id === me.id);
  const colleagues = useDealerUsers(complaint.dealerCode, mayHandOver);
  const reassign = useReassignComplaint();
  const errors = fieldErrors(reassign.error);
  const [userId, setUserId] = useState<string | null>(null);
  if (!mayHandOver) return null;

  const options = (colleagues.data ?? [])
    .filter((user) => user.id !== complaint.responsible?.id)
    .map((user) => ({ value: user.id, label: `${user.displayName} · ${t(`roles.${user.role}`)}` }));

  const submit = () => {
    if (!userId) return;
    reassign.mutate(
      { id: complaint.id, responsibleUserId: userId, note: null },
      {
        onSuccess: () => {
          setUserId(null);
          notifications.show({ color: 'teal', message: t('service.complaints.handedOver') });
        },
      },
    );
  };

  return (
    <div data-testid="complaint-handover">
      <FormError error={reassign.error} shownPaths={(path) => path in errors} />
      <Group align="flex-end" gap="sm">
        <Select
          label={t('service.complaints.handOverTo')}
          data={options}
          value={userId}
          onChange={setUserId}
          searchable
          style={{ flex: 1 }}
          error={errors.responsibleUserId}
        />
        <Button variant="default" disabled={!userId} loading={reassign.isPending} onClick={submit}>
          {t('service.complaints.handOver')}
        </Button>
      </Group>
    </div>
  );
}
