import { Button, Checkbox, Group, Modal, Select, Stack, TagsInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClubs, useEnrol } from '../../api/club.ts';
import { FormError } from '../../components/form-error.tsx';

type Props = { customerId: string; opened: boolean; onClose: () => void };

/** Enrol the customer: club, seed 002's segments as tags, consent to club news. */
export function EnrolModal({ customerId, opened, onClose }: Props) {
  const { t } = useTranslation();
  const clubs = useClubs(opened);
  const enrol = useEnrol();
  const [clubId, setClubId] = useState<string | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [consent, setConsent] = useState(false);
  const options = (clubs.data?.items ?? []).map((club) => ({ value: club.id, label: club.name }));
  const chosen = clubId ?? (options.length === 1 ? options[0]!.value : null);

  const submit = () => {
    if (!chosen) return;
    enrol.mutate(
      {
        clubId: chosen,
        customerId,
        tags,
        consents: consent ? [{ channel: 'sms', method: 'signed_form' }] : [],
      },
      {
        onSuccess: () => {
          setTags([]);
          setConsent(false);
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('club.enrol.title')}>
      <Stack gap="sm">
        <Select
          label={t('club.enrol.club')}
          data={options}
          value={chosen}
          onChange={setClubId}
          required
        />
        <TagsInput
          label={t('club.enrol.tags')}
          description={t('club.enrol.tagsHint')}
          value={tags}
          onChange={setTags}
        />
        <Checkbox
          label={t('club.enrol.consent')}
          checked={consent}
          onChange={(event) => setConsent(event.currentTarget.checked)}
        />
        <FormError error={enrol.error} />
        <Group justify="flex-end">
          <Button onClick={submit} loading={enrol.isPending} disabled={!chosen}>
            {t('club.enrol.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
