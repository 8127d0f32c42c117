import { Group, NumberInput, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format.ts';
import { intlLocales } from '../../i18n/i18n.ts';
import { minorDigits } from '../sales/money.ts';
import { budgetCurrencies, numberSeparators } from './budget.ts';

type Props = {
  /** in major units (roubles, yuan), as typed; null when empty */
  amount: number | null;
  currency: string;
  onAmount: (amount: number | null) => void;
  onCurrency: (currency: string) => void;
  errors: { amount?: string | undefined; currency?: string | undefined };
};

/** A prospect's budget: the amount written the locale's way, and its currency by name. */
export function BudgetField({ amount, currency, onAmount, onCurrency, errors }: Props) {
  const { t } = useTranslation();
  const tag = intlLocales[useFormat().locale];
  const { group, decimal } = numberSeparators(tag);
  const names = new Intl.DisplayNames(tag, { type: 'currency' });
  return (
    <Group grow align="flex-start" data-testid="lead-budget">
      <NumberInput
        label={t('leads.lead.budget')}
        value={amount ?? ''}
        onChange={(value) => onAmount(typeof value === 'number' ? value : null)}
        min={0}
        allowNegative={false}
        decimalScale={minorDigits(currency)}
        thousandSeparator={group}
        decimalSeparator={decimal}
        error={errors.amount}
        data-testid="lead-budget-amount"
      />
      <Select
        label={t('leads.lead.budgetCurrency')}
        data={budgetCurrencies(currency).map((code) => ({
          value: code,
          label: `${code} · ${names.of(code) ?? code}`,
        }))}
        value={currency}
        onChange={(value) => value && onCurrency(value)}
        allowDeselect={false}
        error={errors.currency}
        data-testid="lead-budget-currency"
      />
    </Group>
  );
}
