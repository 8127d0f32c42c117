import { Button, Group, Modal, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCompleteFollowUp, type ServiceVisit } from '../../api/service.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';

type Props = { visit: ServiceVisit | null; onClose: () => void };

/** The after-visit call: the owner's CSI score and his words. */
export function FollowUpModal({ visit, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={visit !== null} onClose={onClose} title={t('service.followUp.title')} size="md">
      {visit && <FollowUpForm visit={visit} onClose={onClose} />}
    </Modal>
  );
}

const scores = Array.from({ length: 10 }, (_, index) => String(index + 1));

function FollowUpForm({ visit, onClose }: { visit: ServiceVisit; onClose: () => void }) {
  const { t } = useTranslation();
  const complete = useCompleteFollowUp();
  const errors = fieldErrors(complete.error);
  const [score, setScore] = useState<string>('');
  const [comment, setComment] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!score) return;
    complete.mutate(
      { visitId: visit.id, csiScore: Number(score), comment: comment.trim() || null },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('service.followUp.saved') });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="follow-up-form">
      <Stack gap="sm">
        <FormError error={complete.error} shownPaths={(path) => path in errors} />
        <div>
          <Text size="sm" fw={500}>
            {t('service.followUp.score')}
          </Text>
          <Text size="xs" c="dimmed" mb={4}>
            {t('service.followUp.scoreHint')}
          </Text>
          <SegmentedControl
            fullWidth
            data={scores}
            value={score}
            onChange={setScore}
            aria-label={t('service.followUp.score')}
          />
          {errors.csiScore && (
            <Text size="xs" c="red">
              {errors.csiScore}
            </Text>
          )}
        </div>
        <Textarea
          label={t('service.followUp.comment')}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={5000}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={complete.isPending} disabled={!score}>
            {t('service.followUp.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
