import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useBrands,
  useCreateWebFormSite,
  useUpdateWebFormSite,
  useWebFormSites,
  type WebFormSite,
} from '../../api/imports.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';

function formAddress(key: string): string {
  return `${window.location.origin}/api/public/forms/${key}/leads`;
}

function CreateSiteModal(props: {
  opened: boolean;
  onClose: () => void;
  onCreated: (name: string, key: string) => void;
}) {
  const { t } = useTranslation();
  const dealers = useDealers();
  const brands = useBrands();
  const create = useCreateWebFormSite();
  const [name, setName] = useState('');
  const [owner, setOwner] = useState<'dealer' | 'brand'>('dealer');
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const [brandCode, setBrandCode] = useState<string | null>(null);
  const [origins, setOrigins] = useState('');
  const dealerChoices = dealerOptions(dealers.data, (dealer) => dealer.inScope);
  const submit = async () => {
    const answer = await create.mutateAsync({
      name: name.trim(),
      ...(owner === 'dealer' ? { dealerCode: dealerCode ?? '' } : { brandCode: brandCode ?? '' }),
      allowedOrigins: origins
        .split(/\s+/)
        .map((origin) => origin.trim())
        .filter(Boolean),
    });
    props.onCreated(answer.site.name, answer.key);
    setName('');
    setOrigins('');
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('imports.sites.add')}>
      <Stack gap="sm">
        <TextInput
          label={t('imports.sites.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
        />
        <SegmentedControl
          value={owner}
          onChange={(value) => setOwner(value as 'dealer' | 'brand')}
          data={[
            { value: 'dealer', label: t('imports.sites.ownerDealer') },
            { value: 'brand', label: t('imports.sites.ownerBrand') },
          ]}
        />
        {owner === 'dealer' ? (
          <Select
            label={t('imports.page.dealer')}
            data={dealerChoices}
            value={dealerCode}
            onChange={setDealerCode}
            searchable
            required
          />
        ) : (
          <Select
            label={t('imports.sites.ownerBrand')}
            data={(brands.data ?? []).map((brand) => ({
              value: brand.code,
              label: `${brand.code} · ${brand.name}`,
            }))}
            value={brandCode}
            onChange={setBrandCode}
            required
          />
        )}
        <Textarea
          label={t('imports.sites.origins')}
          description={t('imports.sites.originsHint')}
          value={origins}
          onChange={(e) => setOrigins(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <FormError error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('imports.sites.cancel')}
          </Button>
          <Button onClick={submit} loading={create.isPending} disabled={!name.trim()}>
            {t('imports.sites.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function KeyModal({
  shown,
  onClose,
}: {
  shown: { name: string; key: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={shown !== null}
      onClose={onClose}
      title={shown ? t('imports.sites.keyTitle', { name: shown.name }) : ''}
      closeOnClickOutside={false}
      size="lg"
    >
      {shown && (
        <Stack gap="sm">
          <Alert color="yellow" icon={<IconKey size={18} />}>
            {t('imports.sites.keyOnce')}
          </Alert>
          <Code
            block
            data-testid="site-key"
            style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
          >
            {formAddress(shown.key)}
          </Code>
          <CopyButton value={formAddress(shown.key)}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? t('imports.sites.copied') : t('imports.sites.copy')}
              </Button>
            )}
          </CopyButton>
          <Text size="xs" c="dimmed">
            {t('imports.sites.formHint')}
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('imports.sites.done')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function SiteRow({ site }: { site: WebFormSite }) {
  const { t } = useTranslation();
  const format = useFormat();
  const update = useUpdateWebFormSite();
  return (
    <Table.Tr>
      <Table.Td>{site.name}</Table.Td>
      <Table.Td>{site.dealerCode ?? site.brandCode}</Table.Td>
      <Table.Td>
        <Code>{`${site.keyPrefix}…`}</Code>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{site.allowedOrigins.join(', ') || '—'}</Text>
      </Table.Td>
      <Table.Td>{format.date(site.createdAt)}</Table.Td>
      <Table.Td>
        <Badge color={site.active ? 'green' : 'gray'} variant="light">
          {site.active ? t('imports.sites.active') : t('imports.sites.inactive')}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="subtle"
          color={site.active ? 'red' : 'blue'}
          loading={update.isPending}
          onClick={() => update.mutate({ id: site.id, active: !site.active })}
        >
          {site.active ? t('imports.sites.deactivate') : t('imports.sites.activate')}
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/** The websites that may post enquiries, their origins, and their keys (shown once). */
export function WebFormSitesPage() {
  const { t } = useTranslation();
  usePageTitle(t('imports.sites.title'));
  const sites = useWebFormSites();
  const [creating, setCreating] = useState(false);
  const [shownKey, setShownKey] = useState<{ name: string; key: string } | null>(null);
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{t('imports.sites.title')}</Title>
          <Text c="dimmed" size="sm" maw={820}>
            {t('imports.sites.intro')}
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t('imports.sites.add')}
        </Button>
      </Group>
      <Card>
        {sites.isError && <QueryError error={sites.error} onRetry={() => sites.refetch()} />}
        {sites.data?.length === 0 && <EmptyNote>{t('imports.sites.empty')}</EmptyNote>}
        {sites.data && sites.data.length > 0 && (
          <Table.ScrollContainer minWidth={720}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('imports.sites.name')}</Table.Th>
                  <Table.Th>{t('imports.sites.owner')}</Table.Th>
                  <Table.Th>{t('imports.sites.keyPrefix')}</Table.Th>
                  <Table.Th>{t('imports.sites.origins')}</Table.Th>
                  <Table.Th>{t('imports.sites.created')}</Table.Th>
                  <Table.Th />
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sites.data.map((site) => (
                  <SiteRow key={site.id} site={site} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      <CreateSiteModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(name, key) => {
          setCreating(false);
          setShownKey({ name, key });
        }}
      />
      <KeyModal shown={shownKey} onClose={() => setShownKey(null)} />
    </Stack>
  );
}
