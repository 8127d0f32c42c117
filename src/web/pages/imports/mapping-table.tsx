import { Select, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { importFields, type ImportField } from '../../../modules/imports/column-mapping.ts';
import type { Mapping } from '../../api/imports.ts';

type Props = {
  headers: string[];
  mapping: Mapping;
  onChange: (mapping: Mapping) => void;
  disabled: boolean;
};

/** One row per file column with the lead field it feeds; a field feeds from one column only. */
export function MappingTable({ headers, mapping, onChange, disabled }: Props) {
  const { t } = useTranslation();
  const fieldOf = (column: number) =>
    (Object.entries(mapping) as [ImportField, number][]).find(
      ([, index]) => index === column,
    )?.[0] ?? null;
  const options = [
    { value: '', label: t('imports.job.notImported') },
    ...importFields.map((field) => ({ value: field, label: t(`imports.fields.${field}`) })),
  ];
  const choose = (column: number, field: string | null) => {
    const next: Mapping = {};
    for (const [key, index] of Object.entries(mapping) as [ImportField, number][]) {
      if (index !== column && key !== field) next[key] = index;
    }
    if (field) next[field as ImportField] = column;
    onChange(next);
  };
  return (
    <Table data-testid="mapping-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('imports.job.column')}</Table.Th>
          <Table.Th>{t('imports.job.field')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {headers.map((header, column) => (
          <Table.Tr key={`${column}-${header}`}>
            <Table.Td>{header || `#${column + 1}`}</Table.Td>
            <Table.Td>
              <Select
                aria-label={header}
                data={options}
                value={fieldOf(column) ?? ''}
                onChange={(value) => choose(column, value || null)}
                searchable
                disabled={disabled}
                maw={320}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
