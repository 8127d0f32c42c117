import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { CustomerKind } from '../../modules/customers/vocabulary.ts';
import { useCustomerList } from '../api/customers.ts';
import type { CustomerListItem } from '../api/types.ts';

type Props = {
  label: string;
  value: string | null;
  onChange: (customerId: string | null) => void;
  /** which of the found customers may be picked (the server's answer is already scoped) */
  offer?: (item: CustomerListItem) => boolean;
  kind?: CustomerKind;
  /** the contact details shown beside the name */
  details?: ReadonlyArray<'phone' | 'email' | 'city'>;
  placeholder?: string;
  nothingFound: string;
  error?: string | undefined;
  autoFocus?: boolean;
};

/**
 * A customer chosen by typing part of a name, phone or e-mail: the customer list's own search
 * (so the user's scope applies), asked a quarter second after the typing stops.
 */
export function CustomerPicker({
  label,
  value,
  onChange,
  offer = () => true,
  kind,
  details = ['phone', 'email', 'city'],
  placeholder,
  nothingFound,
  error,
  autoFocus = false,
}: Props) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const term = debounced.trim();
  const found = useCustomerList({ search: term, kind, limit: 20, offset: 0 });
  const options = term
    ? (found.data?.items ?? []).filter(offer).map((item) => ({
        value: item.id,
        label: [item.displayName, ...details.map((detail) => item[detail])]
          .filter(Boolean)
          .join(' · '),
      }))
    : [];
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={options}
      value={value}
      onChange={onChange}
      // the server has matched already; the list must not be filtered again by the label
      filter={({ options: all }) => all}
      nothingFoundMessage={term ? nothingFound : undefined}
      error={error}
      data-autofocus={autoFocus || undefined}
    />
  );
}
