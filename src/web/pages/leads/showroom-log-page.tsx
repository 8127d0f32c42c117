import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  useLead,
  useShowroomLog,
  type CaptureResult,
  type NewLeadResult,
} from '../../api/leads.ts';
import { errorMessage } from '../../api/error-message.ts';
import { isOwnedElsewhere } from '../../api/lead-claims.ts';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { PossibleDuplicatesAlert } from '../quality/possible-duplicates-alert.tsx';
import { ClaimProspect } from './claim-prospect.tsx';
import { useActiveSourceOptions } from './source-name.ts';

const shownPaths = (path: string) => ['name', 'phone', 'model', 'source'].includes(path);

/**
 * The reception desk's 20-second entry: walk-in or call, name, phone, model, source. The form
 * clears itself after each entry and keeps the focus on the name for the next visitor.
 */
export function ShowroomLogPage() {
  const { t } = useTranslation();
  usePageTitle(t('leads.showroom.title'));
  const sourceOptions = useActiveSourceOptions();
  const log = useShowroomLog();
  const nameInput = useRef<HTMLInputElement>(null);
  const [mode, setMode] = useState<'walk-in' | 'phone'>('walk-in');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [model, setModel] = useState('');
  const [source, setSource] = useState<string>('showroom');
  const [last, setLast] = useState<{ name: string; result: NewLeadResult } | null>(null);
  const errors = fieldErrors(log.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    log.mutate(
      { mode, name, phone, source, ...(model.trim() ? { model: model.trim() } : {}) },
      {
        onSuccess: (result) => {
          setLast({ name, result });
          setName('');
          setPhone('');
          setModel('');
          nameInput.current?.focus();
        },
      },
    );
  };

  return (
    <Stack gap="md" maw={640}>
      <Title order={1} size="h2">
        {t('leads.showroom.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('leads.showroom.intro')}
      </Text>
      {last && <LoggedNote name={last.name} result={last.result} />}
      {last?.result.possibleDuplicates?.length ? (
        <PossibleDuplicatesAlert
          duplicates={last.result.possibleDuplicates}
          newId={last.result.customerId}
        />
      ) : null}
      <Card component="form" onSubmit={submit} data-testid="showroom-form">
        <Stack>
          <SegmentedControl
            aria-label={t('leads.showroom.mode')}
            value={mode}
            onChange={(value) => setMode(value as 'walk-in' | 'phone')}
            data={[
              { value: 'walk-in', label: t('leads.showroom.walkIn') },
              { value: 'phone', label: t('leads.showroom.phone') },
            ]}
          />
          <Group grow align="flex-start">
            <TextInput
              ref={nameInput}
              label={t('leads.showroom.name')}
              required
              autoFocus
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={errors.name}
              name="name"
            />
            <TextInput
              label={t('leads.showroom.phoneNumber')}
              required
              type="tel"
              value={phone}
              onChange={(event) => setPhone(event.currentTarget.value)}
              error={errors.phone ?? errors['person.phones.0.number']}
              name="phone"
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label={t('leads.showroom.model')}
              value={model}
              onChange={(event) => setModel(event.currentTarget.value)}
              error={errors.model}
              name="model"
            />
            <Select
              label={t('leads.showroom.source')}
              data={sourceOptions}
              value={source}
              onChange={(value) => setSource(value ?? 'showroom')}
              error={errors.source}
              name="source"
            />
          </Group>
          {/* the refusal is said once: in the claim offer when another dealer owns the
              person, else in the form's error box */}
          {isOwnedElsewhere(log.error) ? (
            <ClaimProspect
              phone={phone}
              refusal={errorMessage(log.error)}
              onClaimed={() => log.reset()}
            />
          ) : (
            <FormError
              error={log.error}
              shownPaths={(path) => shownPaths(path) || path === 'person.phones.0.number'}
            />
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={log.isPending}>
              {t('leads.showroom.save')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}

function LoggedNote({ name, result }: { name: string; result: CaptureResult }) {
  const { t } = useTranslation();
  const lead = useLead(result.leadId);
  const consultant = lead.data?.assignee?.name ?? '…';
  return (
    <Alert color="green" icon={<IconCircleCheck size={18} />} data-testid="showroom-logged">
      <Stack gap={4}>
        <Text size="sm">
          {result.assignedUserId
            ? t('leads.showroom.saved', { name, consultant })
            : t('leads.showroom.savedUnassigned', { name })}
        </Text>
        {!result.customerCreated && <Text size="sm">{t('leads.showroom.existing')}</Text>}
        <Anchor component={Link} to={`/leads/${result.leadId}`} size="sm">
          {t('leads.showroom.openLead')}
        </Anchor>
      </Stack>
    </Alert>
  );
}
