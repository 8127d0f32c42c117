import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClubs, type ClubView } from '../../api/club.ts';
import {
  useAddPerk,
  useClubPartners,
  useCreatePartner,
  useSetPartnerActive,
  type PartnerCategory,
  type PartnerView,
} from '../../api/club-admin.ts';
import { errorMessage } from '../../api/error-message.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { DateField } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { aftersales } from '../../i18n/aftersales.ts';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';
import { useTierName } from './tier-name.ts';

// from the labels, which are typed against the server's list (no value import from modules)
const categories = Object.keys(aftersales.en.club.partnerCategory) as PartnerCategory[];

/** The club's partner merchants and the perks members get there from a tier up. */
export function ClubPartnersPage() {
  const { t } = useTranslation();
  usePageTitle(t('aftersales.club.partners.title'));
  const canManage = useCan('club:manage');
  const clubs = useClubs();
  const [clubId, setClubId] = useState<string | null>(null);
  const club = clubs.data?.items.find((item) => item.id === clubId) ?? null;
  // the first club by default: most groups run one
  useEffect(() => {
    if (!clubId && clubs.data?.items[0]) setClubId(clubs.data.items[0].id);
  }, [clubId, clubs.data]);
  const partners = useClubPartners(clubId);
  const [creating, setCreating] = useState(false);
  const [perkFor, setPerkFor] = useState<PartnerView | null>(null);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('aftersales.club.partners.title')}
        </Title>
        {canManage && club && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('aftersales.club.partners.new')}
          </Button>
        )}
      </Group>
      <Select
        label={t('aftersales.club.club')}
        data={(clubs.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
        value={clubId}
        onChange={setClubId}
        w={280}
      />
      {partners.isError && (
        <QueryError error={partners.error} onRetry={() => void partners.refetch()} />
      )}
      {partners.isSuccess && partners.data.length === 0 && (
        <EmptyNote>{t('aftersales.club.partners.none')}</EmptyNote>
      )}
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} data-testid="club-partners">
        {(partners.data ?? []).map((partner) => (
          <PartnerCard
            key={partner.id}
            partner={partner}
            club={club}
            canManage={canManage}
            onAddPerk={() => setPerkFor(partner)}
          />
        ))}
      </SimpleGrid>
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('aftersales.club.partners.new')}
      >
        {creating && club && <NewPartnerForm club={club} onClose={() => setCreating(false)} />}
      </Modal>
      <Modal
        opened={perkFor !== null}
        onClose={() => setPerkFor(null)}
        title={`${t('aftersales.club.partners.addPerk')} · ${perkFor?.name ?? ''}`}
      >
        {perkFor && club && (
          <NewPerkForm partner={perkFor} club={club} onClose={() => setPerkFor(null)} />
        )}
      </Modal>
    </Stack>
  );
}

function PartnerCard({
  partner,
  club,
  canManage,
  onAddPerk,
}: {
  partner: PartnerView;
  club: ClubView | null;
  canManage: boolean;
  onAddPerk: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const setActive = useSetPartnerActive();
  const tierName = useTierName();
  const tierNameOf = (code: string) => {
    const tier = club?.tiers.find((item) => item.code === code);
    return tier ? tierName(tier) : code;
  };
  return (
    <Card>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={600}>{partner.name}</Text>
          <Text size="xs" c="dimmed">
            {[
              t(`aftersales.club.partnerCategory.${partner.category}`),
              partner.city,
              partner.dealerCode ?? t('aftersales.club.wholeClub'),
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          {(partner.phone || partner.website) && (
            <Text size="xs">
              {partner.phone}
              {partner.phone && partner.website && ' · '}
              {partner.website && (
                <Anchor href={partner.website} target="_blank" rel="noopener" size="xs">
                  {partner.website}
                </Anchor>
              )}
            </Text>
          )}
        </div>
        <Badge variant="light" color={partner.active ? 'teal' : 'gray'} size="sm">
          {partner.active
            ? t('aftersales.club.partners.active')
            : t('aftersales.club.partners.ended')}
        </Badge>
      </Group>
      <Text size="sm" fw={600} mt="sm">
        {t('aftersales.club.partners.perks')}
      </Text>
      {partner.perks.length === 0 ? (
        <Text size="xs" c="dimmed">
          {t('aftersales.club.partners.noPerks')}
        </Text>
      ) : (
        <List size="sm" spacing={2}>
          {partner.perks.map((perk) => (
            <List.Item key={perk.id}>
              {perk.title}{' '}
              <Text span size="xs" c="dimmed">
                · {t('aftersales.club.partners.minTier')}: {tierNameOf(perk.minTierCode)}
                {perk.validUntil &&
                  ` · ${t('aftersales.club.partners.validUntil')} ${format.date(perk.validUntil)}`}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      {canManage && (
        <Group gap="xs" mt="sm">
          {partner.active && (
            <Button size="xs" variant="light" onClick={onAddPerk}>
              {t('aftersales.club.partners.addPerk')}
            </Button>
          )}
          <Button
            size="xs"
            variant="subtle"
            color={partner.active ? 'red' : 'teal'}
            loading={setActive.isPending}
            onClick={() =>
              setActive.mutate(
                { partnerId: partner.id, active: !partner.active },
                {
                  onError: (error) =>
                    notifications.show({ color: 'red', message: errorMessage(error) }),
                },
              )
            }
          >
            {partner.active
              ? t('aftersales.club.partners.end')
              : t('aftersales.club.partners.resume')}
          </Button>
        </Group>
      )}
    </Card>
  );
}

function NewPartnerForm({ club, onClose }: { club: ClubView; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreatePartner();
  const dealers = useDealers();
  const errors = fieldErrors(create.error);
  const [name, setName] = useState('');
  const [category, setCategory] = useState<PartnerCategory>('other');
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const [city, setCity] = useState('');
  const [phone, setPhone] = useState('');
  const [website, setWebsite] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        clubId: club.id,
        name: name.trim(),
        category,
        ...(dealerCode ? { dealerCode } : {}),
        ...(city.trim() ? { city: city.trim() } : {}),
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        ...(website.trim() ? { website: website.trim() } : {}),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('aftersales.club.partners.created') });
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError error={create.error} shownPaths={(path) => path in errors} />
        <TextInput
          label={t('aftersales.club.partners.name')}
          required
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={200}
          error={errors.name}
        />
        <Group grow>
          <Select
            label={t('aftersales.club.partners.category')}
            data={categories.map((value) => ({
              value,
              label: t(`aftersales.club.partnerCategory.${value}`),
            }))}
            value={category}
            onChange={(value) => setCategory((value as PartnerCategory | null) ?? 'other')}
          />
          <Select
            label={t('aftersales.club.dealer')}
            placeholder={t('aftersales.club.wholeClub')}
            data={dealerOptions(dealers.data)}
            value={dealerCode}
            onChange={setDealerCode}
            clearable
            error={errors.dealerCode}
          />
        </Group>
        <Group grow>
          <TextInput
            label={t('aftersales.club.partners.city')}
            value={city}
            onChange={(event) => setCity(event.currentTarget.value)}
            maxLength={100}
          />
          <TextInput
            label={t('aftersales.club.partners.phone')}
            value={phone}
            onChange={(event) => setPhone(event.currentTarget.value)}
            maxLength={50}
          />
        </Group>
        <TextInput
          label={t('aftersales.club.partners.website')}
          placeholder="https://"
          value={website}
          onChange={(event) => setWebsite(event.currentTarget.value)}
          maxLength={300}
          error={errors.website}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
            {t('aftersales.club.partners.new')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NewPerkForm({
  partner,
  club,
  onClose,
}: {
  partner: PartnerView;
  club: ClubView;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const tierName = useTierName();
  const add = useAddPerk();
  const errors = fieldErrors(add.error);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [minTierCode, setMinTierCode] = useState<string | null>(club.tiers[0]?.code ?? null);
  const [validUntil, setValidUntil] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!minTierCode) return;
    add.mutate(
      {
        partnerId: partner.id,
        title: title.trim(),
        minTierCode,
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(validUntil ? { validUntil } : {}),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('aftersales.club.partners.perkAdded') });
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <FormError error={add.error} shownPaths={(path) => path in errors} />
        <TextInput
          label={t('aftersales.club.partners.perkTitle')}
          required
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          maxLength={200}
          error={errors.title}
        />
        <TextInput
          label={t('aftersales.club.partners.perkDescription')}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          maxLength={2000}
        />
        <Group grow>
          <Select
            label={t('aftersales.club.partners.minTier')}
            data={[...club.tiers]
              .sort((a, b) => a.rank - b.rank)
              .map((tier) => ({ value: tier.code, label: tierName(tier) }))}
            value={minTierCode}
            onChange={setMinTierCode}
            error={errors.minTierCode}
          />
          <DateField
            label={t('aftersales.club.partners.validUntil')}
            value={validUntil}
            onChange={setValidUntil}
            error={errors.validUntil}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={add.isPending} disabled={!title.trim() || !minTierCode}>
            {t('aftersales.club.partners.addPerk')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
