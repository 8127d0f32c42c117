import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconUserShare } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClaimProspect } from '../../api/lead-claims.ts';
import { useDealers } from '../../api/org.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useSession } from '../../session/session-context.tsx';

type Props = {
  phone: string;
  /** the refusal in the user's language, which names the dealer who owns the person */
  refusal: string;
  onClaimed: () => void;
};

/**
 * Offered when a capture was refused because another dealer owns the person for the brand
 * (README "One owning dealer per brand"): the user's dealer may claim him when that dealer no
 * longer works him; the server refuses (409) while it still has an open lead.
 */
export function ClaimProspect({ phone, refusal, onClaimed }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <Alert color="orange" data-testid="claim-offer">
      <Stack gap="xs">
        <Text size="sm" data-testid="claim-refusal">
          {refusal}
        </Text>
        <Text size="sm">{t('leadSettings.claim.whenFree')}</Text>
        <Group>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconUserShare size={16} />}
            onClick={() => setOpened(true)}
          >
            {t('leadSettings.claim.action')}
          </Button>
        </Group>
      </Stack>
      {opened && (
        <ClaimModal
          phone={phone}
          onClose={() => setOpened(false)}
          onClaimed={() => {
            setOpened(false);
            onClaimed();
          }}
        />
      )}
    </Alert>
  );
}

function ClaimModal({
  phone,
  onClose,
  onClaimed,
}: Omit<Props, 'refusal'> & { onClose: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const dealers = useDealers();
  const claim = useClaimProspect();
  // the brands the user's dealer sells: a claim is for one of them
  const brands = dealers.data?.find((dealer) => dealer.id === me.dealerId)?.brands ?? [];
  const [brand, setBrand] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const brandCode = brand ?? (brands.length === 1 ? brands[0]! : null);
  const errors = fieldErrors(claim.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // the dialog sits in a portal, but React bubbles its submit to the showroom form around it
    event.stopPropagation();
    if (!brandCode || !reason.trim()) return;
    claim.mutate(
      { phone, brandCode, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('leadSettings.claim.done') });
          onClaimed();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={t('leadSettings.claim.title')}>
      <form onSubmit={submit} data-testid="claim-form">
        <Stack>
          <Text size="sm" ff="monospace">
            {phone}
          </Text>
          <Select
            label={t('leadSettings.claim.brand')}
            data={brands}
            value={brandCode}
            onChange={setBrand}
            error={errors.brandCode}
            required
            data-testid="claim-brand"
          />
          <Textarea
            label={t('leadSettings.claim.reason')}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={errors.reason}
            required
            autosize
            minRows={2}
            data-testid="claim-reason"
          />
          <FormError
            error={claim.error}
            shownPaths={(path) => path === 'brandCode' || path === 'reason'}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('leadSettings.claim.cancel')}
            </Button>
            <Button type="submit" loading={claim.isPending} disabled={!brandCode}>
              {t('leadSettings.claim.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
