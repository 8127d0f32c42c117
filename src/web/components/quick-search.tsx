import { Kbd, TextInput } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** The call-centre reflex: type a phone or a name anywhere, press Enter, land on the list. */
export function QuickSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useHotkeys([['/', () => input.current?.focus()]]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = value.trim();
    if (!query) return;
    void navigate(`/customers?q=${encodeURIComponent(query)}`);
    setValue('');
    input.current?.blur();
  };

  return (
    <form onSubmit={submit} role="search" style={{ flex: 1, maxWidth: 520, marginLeft: 'auto' }}>
      <TextInput
        ref={input}
        value={value}
        onChange={(event) => setValue(event.currentTarget.value)}
        placeholder={t('nav.quickSearch')}
        aria-label={t('nav.quickSearch')}
        leftSection={<IconSearch size={16} />}
        rightSection={<Kbd size="xs">/</Kbd>}
        rightSectionPointerEvents="none"
        visibleFrom="sm"
      />
    </form>
  );
}
