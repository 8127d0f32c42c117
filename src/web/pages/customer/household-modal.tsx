import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { householdRoles, type HouseholdRole } from '../../../modules/customers/vocabulary.ts';
import { useCreateHousehold, useJoinHousehold } from '../../api/customers.ts';
import { CustomerPicker } from '../../components/customer-picker.tsx';
import type { Customer360 } from '../../api/types.ts';
import { FormError } from '../../components/form-error.tsx';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { fieldErrors } from '../../lib/field-errors.ts';

/**
 * Links this person with another one of the base: a new household of the two when he has
 * none, else the other person joins his household. Only persons are offered (the server
 * refuses companies), and only those the user sees (the list is his scope).
 */
export function HouseholdModal({
  customer,
  onClose,
}: {
  customer: Customer360;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { options } = useVocabulary();
  const { profile, household } = customer;
  const create = useCreateHousehold();
  const join = useJoinHousehold();
  const saving = household ? join : create;
  const [name, setName] = useState(
    t('customer.householdDefaultName', { name: profile.lastName ?? profile.displayName }),
  );
  const [ownRole, setOwnRole] = useState<HouseholdRole | null>('head');
  const [memberId, setMemberId] = useState<string | null>(null);
  const [memberRole, setMemberRole] = useState<HouseholdRole | null>('spouse');
  const members = new Set(household?.members.map((member) => member.id) ?? []);
  const roleOptions = options('householdRole', householdRoles);
  const errors = fieldErrors(saving.error);

  const done = () => {
    notifications.show({ color: 'green', message: t('customer.householdSaved') });
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!memberId) return;
    if (household) {
      join.mutate(
        { customerId: memberId, householdId: household.id, role: memberRole },
        { onSuccess: done },
      );
      return;
    }
    create.mutate(
      {
        name: name.trim(),
        members: [
          { customerId: profile.id, role: ownRole },
          { customerId: memberId, role: memberRole },
        ],
      },
      { onSuccess: done },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={household ? t('customer.householdAdd') : t('customer.householdCreate')}
    >
      <form onSubmit={submit} noValidate data-testid="household-form">
        <Stack gap="sm">
          {!household && (
            <>
              <TextInput
                label={t('customer.householdName')}
                value={name}
                onChange={(event) => setName(event.currentTarget.value)}
                error={errors.name}
                required
              />
              <Select
                label={t('customer.householdOwnRole', { name: profile.displayName })}
                data={roleOptions}
                value={ownRole}
                onChange={(value) => setOwnRole(value as HouseholdRole | null)}
                error={errors['members.0.role']}
              />
            </>
          )}
          <CustomerPicker
            label={t('customer.householdMember')}
            placeholder={t('customer.householdMemberHint')}
            kind="person"
            details={['phone', 'city']}
            offer={(item) => item.id !== profile.id && !members.has(item.id)}
            value={memberId}
            onChange={setMemberId}
            nothingFound={t('customer.householdNobody')}
            error={errors['members.1.customerId'] ?? errors.householdId}
            autoFocus
          />
          <Select
            label={t('customer.householdMemberRole')}
            data={roleOptions}
            value={memberRole}
            onChange={(value) => setMemberRole(value as HouseholdRole | null)}
          />
          <FormError error={saving.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={saving.isPending} disabled={!memberId || !name.trim()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
