import { Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  emailKinds,
  phoneKinds,
  type EmailKind,
  type PhoneKind,
} from '../../../modules/customers/vocabulary.ts';
import { useUpdateCustomer } from '../../api/customers.ts';
import type { Customer360 } from '../../api/types.ts';
import { ContactRows, type ContactRow } from '../../components/contact-rows.tsx';
import { FormError } from '../../components/form-error.tsx';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { fieldErrors } from '../../lib/field-errors.ts';

/** Rows left empty are dropped; remember which form row each sent row came from. */
function filled(rows: ContactRow[]): { row: ContactRow; formIndex: number }[] {
  return rows.flatMap((row, formIndex) => (row.value.trim() ? [{ row, formIndex }] : []));
}

function startRows(rows: ContactRow[], kind: string): ContactRow[] {
  return rows.length ? rows : [{ value: '', kind }];
}

/**
 * Phones and e-mails of a customer, edited as two lists. The server replaces the stored lists
 * with the ones sent; phones are sent as the text the customer gave, so that text is kept.
 */
export function EditContactsModal(props: { customer: Customer360; onClose: () => void }) {
  const { t } = useTranslation();
  const { options } = useVocabulary();
  const update = useUpdateCustomer(props.customer.profile.id);
  const { phones: storedPhones, emails: storedEmails } = props.customer;

  const [phones, setPhones] = useState(() =>
    startRows(
      storedPhones.map((phone) => ({ value: phone.raw, kind: phone.kind })),
      'mobile',
    ),
  );
  const [primaryPhone, setPrimaryPhone] = useState(() =>
    Math.max(
      storedPhones.findIndex((phone) => phone.primary),
      0,
    ),
  );
  const [emails, setEmails] = useState(() =>
    startRows(
      storedEmails.map((email) => ({ value: email.address, kind: email.kind })),
      'personal',
    ),
  );
  const [primaryEmail, setPrimaryEmail] = useState(() =>
    Math.max(
      storedEmails.findIndex((email) => email.primary),
      0,
    ),
  );

  const sentPhones = filled(phones);
  const sentEmails = filled(emails);
  const errors = fieldErrors(update.error);
  const errorAt =
    (list: 'phones' | 'emails', field: string, sent: { formIndex: number }[]) =>
    (formIndex: number) => {
      const at = sent.findIndex((entry) => entry.formIndex === formIndex);
      return at < 0 ? undefined : (errors[`${list}.${at}.${field}`] ?? errors[`${list}.${at}`]);
    };
  const primaryAmongSent = (sent: { formIndex: number }[], primary: number) =>
    Math.max(
      sent.findIndex((entry) => entry.formIndex === primary),
      0,
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const phoneAt = primaryAmongSent(sentPhones, primaryPhone);
    const emailAt = primaryAmongSent(sentEmails, primaryEmail);
    update.mutate(
      {
        phones: sentPhones.map(({ row }, at) => ({
          number: row.value.trim(),
          kind: row.kind as PhoneKind,
          primary: at === phoneAt,
        })),
        emails: sentEmails.map(({ row }, at) => ({
          address: row.value.trim(),
          kind: row.kind as EmailKind,
          primary: at === emailAt,
        })),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('customer.contactsSaved') });
          props.onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={props.onClose} title={t('customer.editContactsTitle')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError
            error={update.error}
            shownPaths={(path) => /^(phones|emails)\.\d+/.test(path) && path in errors}
          />
          <ContactRows
            label={t('newCustomer.phones')}
            description={t('newCustomer.phoneHint')}
            addLabel={t('newCustomer.addPhone')}
            rows={phones}
            onChange={setPhones}
            primary={primaryPhone}
            onPrimary={setPrimaryPhone}
            kinds={options('phoneKind', phoneKinds)}
            errorAt={errorAt('phones', 'number', sentPhones)}
            type="tel"
            testId="edit-phone"
          />
          <ContactRows
            label={t('newCustomer.emails')}
            addLabel={t('newCustomer.addEmail')}
            rows={emails}
            onChange={setEmails}
            primary={primaryEmail}
            onPrimary={setPrimaryEmail}
            kinds={options('emailKind', emailKinds)}
            errorAt={errorAt('emails', 'address', sentEmails)}
            type="email"
            testId="edit-email"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
