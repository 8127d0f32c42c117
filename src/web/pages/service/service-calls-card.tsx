import {
  Badge,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconHeadset, IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLogServiceCall, useServiceCalls, type ServiceCallView } from '../../api/aftersales.ts';
import { useCreateTask } from '../../api/tasks.ts';
import type { Customer360 } from '../../api/types.ts';
import { DateTimeField, toIso, type LocalDateTime } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan } from '../../session/session-context.tsx';

type CallType = ServiceCallView['callType'];
type Reason = ServiceCallView['reason'];
type Outcome = ServiceCallView['outcome'];
type Channel = ServiceCallView['channel'];

// What fits each kind of call, as the service checks it (service-calls.service.ts)
const reasons: Record<CallType, readonly Reason[]> = {
  roadside: ['breakdown', 'accident', 'flat_tyre', 'battery', 'lockout', 'fuel', 'towing', 'other'],
  hotline: ['product_info', 'service_info', 'warranty_info', 'recall_info', 'dealer_info', 'other'],
};
const outcomes: Record<CallType, readonly Outcome[]> = {
  roadside: [
    'repaired_on_site',
    'towed_to_dealer',
    'towed_elsewhere',
    'replacement_car',
    'cancelled',
    'unresolved',
  ],
  hotline: [
    'answered',
    'referred_to_dealer',
    'appointment_booked',
    'callback_promised',
    'unresolved',
  ],
};
const channels: readonly Channel[] = ['phone', 'app', 'web', 'messenger', 'email'];

/** The owner's roadside-assistance and hotline calls on the 360 page, and the form to log one. */
export function ServiceCallsCard({ customer }: { customer: Customer360 }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canLog = useCan('service_calls:write');
  const calls = useServiceCalls(customer.profile.id);
  const [logging, setLogging] = useState(false);
  const items = calls.data ?? [];
  return (
    <SectionCard
      title={t('service.calls.title')}
      icon={<IconHeadset size={18} />}
      count={items.length}
      testId="service-calls-card"
      actions={
        canLog && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setLogging(true)}
          >
            {t('service.calls.log')}
          </Button>
        )
      }
    >
      {calls.isError && <QueryError error={calls.error} onRetry={() => void calls.refetch()} />}
      {calls.isSuccess && items.length === 0 && <EmptyNote>{t('service.calls.empty')}</EmptyNote>}
      <Stack gap="xs">
        {items.slice(0, 10).map((call) => (
          <Group key={call.id} justify="space-between" wrap="nowrap" align="flex-start">
            <div>
              <Text size="sm" fw={600}>
                {t(`service.calls.reason.${call.reason}`)} ·{' '}
                {t(`service.calls.outcome.${call.outcome}`)}
              </Text>
              <Text size="xs" c="dimmed">
                {[
                  format.dateTime(call.occurredAt),
                  call.vehicle?.name,
                  call.dealerCode,
                  call.userName && t('aftersales.calls.by', { name: call.userName }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
              {call.location && (
                <Text size="xs" c="dimmed">
                  {call.location}
                </Text>
              )}
              {call.note && <Text size="xs">{call.note}</Text>}
            </div>
            <Badge
              size="sm"
              variant="light"
              color={call.callType === 'roadside' ? 'orange' : 'blue'}
            >
              {t(`service.calls.type.${call.callType}`)}
            </Badge>
          </Group>
        ))}
      </Stack>
      <Modal opened={logging} onClose={() => setLogging(false)} title={t('service.calls.log')}>
        {logging && <LogCallForm customer={customer} onClose={() => setLogging(false)} />}
      </Modal>
    </SectionCard>
  );
}

function LogCallForm({ customer, onClose }: { customer: Customer360; onClose: () => void }) {
  const { t } = useTranslation();
  const log = useLogServiceCall();
  const createTask = useCreateTask();
  const errors = fieldErrors(log.error);
  const [callType, setCallType] = useState<CallType>('hotline');
  const [vehicleId, setVehicleId] = useState<string | null>(customer.vehicles[0]?.id ?? null);
  const [channel, setChannel] = useState<Channel>('phone');
  const [reason, setReason] = useState<Reason | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [location, setLocation] = useState('');
  const [note, setNote] = useState('');
  const [callBack, setCallBack] = useState<LocalDateTime | null>(null);

  const changeType = (value: CallType) => {
    setCallType(value);
    setReason(null);
    setOutcome(null);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason || !outcome) return;
    try {
      await log.mutateAsync({
        customerId: customer.profile.id,
        vehicleId,
        callType,
        channel,
        reason,
        outcome,
        location: callType === 'roadside' ? location.trim() || null : null,
        note: note.trim() || null,
      });
      // the next date is a call-back task for whoever took the call
      if (callBack)
        await createTask.mutateAsync({
          customerId: customer.profile.id,
          kind: 'call',
          title: t('aftersales.calls.callBackTitle', {
            reason: t(`service.calls.reason.${reason}`),
          }),
          description: note.trim() || null,
          dueAt: toIso(callBack),
        });
    } catch {
      return; // the form shows the error
    }
    notifications.show({
      color: 'teal',
      message: callBack ? t('aftersales.calls.taskToo') : t('service.calls.saved'),
    });
    onClose();
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate data-testid="log-call-form">
      <Stack gap="sm">
        <FormError error={log.error} shownPaths={(path) => path in errors} />
        <FormError error={createTask.error} />
        <SegmentedControl
          value={callType}
          onChange={(value) => changeType(value as CallType)}
          data={(['hotline', 'roadside'] as const).map((value) => ({
            value,
            label: t(`service.calls.type.${value}`),
          }))}
        />
        <Select
          label={t('service.calls.vehicle')}
          placeholder={t('aftersales.calls.noCar')}
          data={customer.vehicles.map((vehicle) => ({
            value: vehicle.id,
            label:
              [vehicle.makeName, vehicle.modelName, vehicle.plate].filter(Boolean).join(' ') ||
              (vehicle.vin ?? vehicle.id),
          }))}
          value={vehicleId}
          onChange={setVehicleId}
          clearable={callType === 'hotline'}
          required={callType === 'roadside'}
          error={errors.vehicleId}
        />
        <Group grow>
          <Select
            label={t('service.calls.reasonLabel')}
            data={reasons[callType].map((value) => ({
              value,
              label: t(`service.calls.reason.${value}`),
            }))}
            value={reason}
            onChange={(value) => setReason(value as Reason | null)}
            required
            error={errors.reason}
          />
          <Select
            label={t('service.calls.channelLabel')}
            data={channels.map((value) => ({ value, label: t(`service.calls.channel.${value}`) }))}
            value={channel}
            onChange={(value) => setChannel((value as Channel | null) ?? 'phone')}
          />
        </Group>
        <Select
          label={t('service.calls.outcomeLabel')}
          data={outcomes[callType].map((value) => ({
            value,
            label: t(`service.calls.outcome.${value}`),
          }))}
          value={outcome}
          onChange={(value) => setOutcome(value as Outcome | null)}
          required
          error={errors.outcome}
        />
        {callType === 'roadside' && (
          <TextInput
            label={t('service.calls.location')}
            description={t('service.calls.locationHint')}
            value={location}
            onChange={(event) => setLocation(event.currentTarget.value)}
            maxLength={500}
            error={errors.location}
          />
        )}
        <Textarea
          label={t('service.calls.note')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={5000}
        />
        <DateTimeField
          label={t('aftersales.calls.callBack')}
          description={t('aftersales.calls.callBackHint')}
          value={callBack}
          onChange={setCallBack}
          clearable
        />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={log.isPending || createTask.isPending}
            disabled={!reason || !outcome || (callType === 'roadside' && !vehicleId)}
          >
            {t('service.calls.log')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
