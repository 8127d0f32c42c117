import { Button, Group, Modal, NumberInput, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { payers, visitTypes, type Payer, type VisitType } from '../../../modules/service/schema.ts';
import { useCorrectVisit } from '../../api/service-corrections.ts';
import type { ServiceVisit } from '../../api/service.ts';
import { DateField } from '../../components/date-fields.tsx';
import { FormError } from '../../components/form-error.tsx';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { toMajor, toMinor } from '../sales/money.ts';
import { draftsOf, linesPayload, VisitLinesEditor, type LineDraft } from './visit-lines-editor.tsx';

type Props = { visit: ServiceVisit | null; onClose: () => void };

/** Corrects a recorded visit: a mistyped mileage, the wrong date, type, payer, notes or lines. */
export function VisitCorrectionModal({ visit, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={visit !== null}
      onClose={onClose}
      title={t('service.correction.title')}
      size="xl"
    >
      {visit && <CorrectionForm visit={visit} onClose={onClose} />}
    </Modal>
  );
}

function CorrectionForm({ visit, onClose }: { visit: ServiceVisit; onClose: () => void }) {
  const { t } = useTranslation();
  const { options } = useVocabulary();
  const correct = useCorrectVisit();
  const errors = fieldErrors(correct.error);
  const [visitDate, setVisitDate] = useState<string | null>(visit.visitDate);
  const [mileage, setMileage] = useState<number | null>(visit.mileageKm);
  const [visitType, setVisitType] = useState<VisitType>(visit.visitType);
  const [paidBy, setPaidBy] = useState<Payer>(visit.paidBy);
  const [description, setDescription] = useState(visit.description ?? '');
  const recordedLines = draftsOf(visit.lines, visit.currency);
  const [lines, setLines] = useState<LineDraft[]>(recordedLines);
  const [total, setTotal] = useState<number | null>(
    visit.lines.length ? null : toMajor(visit.totalMinor, visit.currency),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // only what changed is sent: the audit then shows exactly the correction
    const notes = description.trim() || null;
    const payload = linesPayload(lines, visit.currency);
    const linesChanged =
      JSON.stringify(payload) !== JSON.stringify(linesPayload(recordedLines, visit.currency));
    const totalMinor = total === null ? 0 : toMinor(total, visit.currency);
    const changes = {
      ...(visitDate && visitDate !== visit.visitDate ? { visitDate } : {}),
      ...(mileage !== visit.mileageKm ? { mileageKm: mileage } : {}),
      ...(visitType !== visit.visitType ? { visitType } : {}),
      ...(paidBy !== visit.paidBy ? { paidBy } : {}),
      ...(notes !== visit.description ? { description: notes } : {}),
      ...(linesChanged ? { lines: payload } : {}),
      // a visit without lines (a DMS total): its total as typed
      ...(!lines.length && (linesChanged || totalMinor !== visit.totalMinor) ? { totalMinor } : {}),
    };
    if (!Object.keys(changes).length) return onClose();
    correct.mutate(
      { visitId: visit.id, changes },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('service.correction.saved') });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="visit-correction-form">
      <Stack gap="sm">
        <FormError
          error={correct.error}
          shownPaths={(path) => path in errors || path.startsWith('lines.')}
        />
        <Text size="sm" c="dimmed">
          {t('service.correction.hint')}
        </Text>
        <DateField
          label={t('service.form.date')}
          value={visitDate}
          onChange={setVisitDate}
          error={errors.visitDate}
        />
        <NumberInput
          label={t('service.form.mileage')}
          value={mileage ?? ''}
          onChange={(value) => setMileage(typeof value === 'number' ? value : null)}
          min={0}
          max={3_000_000}
          thousandSeparator=" "
          error={errors.mileageKm}
        />
        <Select
          label={t('service.form.type')}
          data={options('visitType', visitTypes)}
          value={visitType}
          onChange={(value) => value && setVisitType(value as VisitType)}
          error={errors.visitType}
        />
        <Select
          label={t('service.form.paidBy')}
          data={options('payer', payers)}
          value={paidBy}
          onChange={(value) => value && setPaidBy(value as Payer)}
          error={errors.paidBy}
        />
        <Textarea
          label={t('service.form.description')}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          maxLength={2000}
          autosize
          minRows={2}
          error={errors.description}
        />
        <VisitLinesEditor
          lines={lines}
          onChange={setLines}
          total={total}
          onTotalChange={setTotal}
          currency={visit.currency}
          errors={errors}
        />
        <Text size="xs" c="dimmed">
          {t('service.correction.linesHint')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('service.correction.back')}
          </Button>
          <Button type="submit" loading={correct.isPending}>
            {t('service.correction.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
