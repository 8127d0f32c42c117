import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { LineKind } from '../../../modules/service/schema.ts';
import type { VisitLine } from '../../api/service.ts';
import { useFormat } from '../../i18n/format.ts';
import { toMajor, toMinor } from '../sales/money.ts';

/** A line being typed; `lineNo` ties it to a recorded line when a visit is corrected. */
export type LineDraft = {
  key: number;
  lineNo?: number;
  kind: LineKind;
  code: string;
  description: string;
  quantity: number | null;
  unitPrice: number | null;
};

export type LinePayload = {
  lineNo?: number;
  kind: LineKind;
  code: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
};

const amount = (value: string | number) => (typeof value === 'number' ? value : null);

export function draftAmount(line: LineDraft, currency: string): number {
  return line.quantity !== null && line.unitPrice !== null
    ? Math.round(line.quantity * toMinor(line.unitPrice, currency))
    : 0;
}

/** The recorded lines of a visit as drafts to correct. */
export function draftsOf(lines: VisitLine[], currency: string): LineDraft[] {
  return lines.map((line) => ({
    key: line.lineNo,
    lineNo: line.lineNo,
    kind: line.kind,
    code: line.code ?? '',
    description: line.description,
    quantity: line.quantity,
    unitPrice: toMajor(line.unitPriceMinor, currency),
  }));
}

export function linesPayload(lines: LineDraft[], currency: string): LinePayload[] {
  return lines.map((line) => ({
    ...(line.lineNo !== undefined ? { lineNo: line.lineNo } : {}),
    kind: line.kind,
    code: line.code.trim() || null,
    description: line.description.trim(),
    quantity: line.quantity ?? 0,
    unitPriceMinor: toMinor(line.unitPrice ?? 0, currency),
  }));
}

type Props = {
  lines: LineDraft[];
  onChange: (lines: LineDraft[]) => void;
  /** the order total typed when there are no lines */
  total: number | null;
  onTotalChange: (total: number | null) => void;
  currency: string;
  errors: Record<string, string>;
};

/** Labour and parts lines of a repair order, with their amounts and the total. */
export function VisitLinesEditor({
  lines,
  onChange,
  total,
  onTotalChange,
  currency,
  errors,
}: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const linesTotal = lines.reduce((sum, line) => sum + draftAmount(line, currency), 0);
  const addLine = (kind: LineKind) => {
    const key = Math.max(0, ...lines.map((line) => line.key)) + 1;
    onChange([...lines, { key, kind, code: '', description: '', quantity: 1, unitPrice: null }]);
  };
  const changeLine = (key: number, change: Partial<LineDraft>) =>
    onChange(lines.map((line) => (line.key === key ? { ...line, ...change } : line)));

  return (
    <Fieldset legend={t('service.form.lines')}>
      <Stack gap="xs">
        {lines.map((line, index) => (
          <Group key={line.key} gap="xs" align="flex-end" wrap="nowrap" data-testid="visit-line">
            <Text size="xs" c="dimmed" w={70} pb={8}>
              {t(`service.lineKind.${line.kind}`)}
            </Text>
            <TextInput
              label={index === 0 ? t('service.form.code') : undefined}
              aria-label={t('service.form.code')}
              w={100}
              value={line.code}
              onChange={(event) => changeLine(line.key, { code: event.currentTarget.value })}
              maxLength={40}
              error={errors[`lines.${index}.code`]}
            />
            <TextInput
              label={index === 0 ? t('service.form.lineDescription') : undefined}
              aria-label={t('service.form.lineDescription')}
              style={{ flex: 1 }}
              required
              value={line.description}
              onChange={(event) => changeLine(line.key, { description: event.currentTarget.value })}
              maxLength={300}
              error={errors[`lines.${index}.description`]}
            />
            <NumberInput
              label={index === 0 ? t('service.form.quantity') : undefined}
              aria-label={t('service.form.quantity')}
              w={100}
              value={line.quantity ?? ''}
              onChange={(value) => changeLine(line.key, { quantity: amount(value) })}
              min={0}
              decimalScale={3}
              error={errors[`lines.${index}.quantity`]}
            />
            <NumberInput
              label={index === 0 ? `${t('service.form.unitPrice')}, ${currency}` : undefined}
              aria-label={t('service.form.unitPrice')}
              w={140}
              value={line.unitPrice ?? ''}
              onChange={(value) => changeLine(line.key, { unitPrice: amount(value) })}
              min={0}
              decimalScale={2}
              thousandSeparator=" "
              error={errors[`lines.${index}.unitPriceMinor`] ?? errors[`lines.${index}.lineNo`]}
            />
            <Text size="sm" w={120} ta="right" pb={8} className="num">
              {format.money(draftAmount(line, currency), currency)}
            </Text>
            <ActionIcon
              variant="subtle"
              color="red"
              mb={4}
              aria-label={t('service.form.remove')}
              onClick={() => onChange(lines.filter((item) => item.key !== line.key))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between">
          <Group gap="xs">
            <Button variant="light" size="xs" onClick={() => addLine('labour')}>
              {t('service.form.addLabour')}
            </Button>
            <Button variant="light" size="xs" onClick={() => addLine('part')}>
              {t('service.form.addPart')}
            </Button>
          </Group>
          {lines.length > 0 ? (
            <Text fw={600} className="num" data-testid="visit-lines-total">
              {t('service.form.total')}: {format.money(linesTotal, currency)}
            </Text>
          ) : (
            <NumberInput
              label={`${t('service.form.total')}, ${currency}`}
              description={t('service.form.totalHint')}
              w={220}
              value={total ?? ''}
              onChange={(value) => onTotalChange(amount(value))}
              min={0}
              decimalScale={2}
              thousandSeparator=" "
              error={errors.totalMinor}
            />
          )}
        </Group>
      </Stack>
    </Fieldset>
  );
}
