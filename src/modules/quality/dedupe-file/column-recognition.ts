import { ValidationError } from '../../../lib/errors.ts';
import type { PersonField } from '../matching/index.ts';

/** What a column may feed: a person field, the record id, or one part of the address. */
export type ColumnTarget = PersonField | 'id';

/** Names a field is written under in the files data stewards bring (English, Russian, Chinese). */
const aliases: Record<ColumnTarget, string[]> = {
  id: ['id', 'record_id', 'rec_id', 'unique_id', 'customer_id', 'client_id', 'номер', '编号'],
  firstName: ['first_name', 'firstname', 'given_name', 'forename', 'имя', '名', '名字'],
  lastName: ['last_name', 'lastname', 'surname', 'family_name', 'фамилия', '姓'],
  middleName: ['middle_name', 'middlename', 'patronymic', 'отчество'],
  fullName: ['full_name', 'fullname', 'name', 'fio', 'фио', 'имя_полностью', '姓名'],
  birthDate: [
    'birth_date',
    'birthdate',
    'dob',
    'date_of_birth',
    'birthday',
    'дата_рождения',
    '出生日期',
    '生日',
  ],
  gender: ['gender', 'sex', 'пол', '性别'],
  phone: [
    'phone',
    'phone_number',
    'telephone',
    'tel',
    'mobile',
    'mobile_phone',
    'телефон',
    '电话',
    '手机',
    '手机号',
  ],
  email: [
    'email',
    'e_mail',
    'mail',
    'email_address',
    'почта',
    'электронная_почта',
    '邮箱',
    '电子邮件',
  ],
  address: [
    'address',
    'address_1',
    'address1',
    'address_2',
    'address2',
    'street',
    'street_number',
    'адрес',
    'улица',
    '地址',
  ],
  city: ['city', 'suburb', 'town', 'locality', 'город', '城市'],
  postcode: [
    'postcode',
    'post_code',
    'postal_code',
    'zip',
    'zipcode',
    'zip_code',
    'индекс',
    '邮编',
  ],
  vin: ['vin', 'vin_code', 'вин', '车架号'],
  nationalId: [
    'national_id',
    'soc_sec_id',
    'ssn',
    'passport',
    'passport_number',
    'паспорт',
    '身份证号',
  ],
};

/** Field names as --map writes them (snake_case, like the column names). */
const mapNames: Record<string, ColumnTarget> = {
  id: 'id',
  record_id: 'id',
  first_name: 'firstName',
  last_name: 'lastName',
  middle_name: 'middleName',
  full_name: 'fullName',
  birth_date: 'birthDate',
  gender: 'gender',
  phone: 'phone',
  email: 'email',
  address: 'address',
  city: 'city',
  postcode: 'postcode',
  vin: 'vin',
  national_id: 'nationalId',
};

export const mapFieldNames = Object.keys(mapNames);

function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s\-.]+/g, '_');
}

/** For every column, what it feeds (undefined: not used). Several columns may build the address. */
export type ColumnPlan = (ColumnTarget | undefined)[];

/**
 * Recognise the columns by their names, then apply `--map column=field,...` on top. A
 * mapping that names a column the file does not have, or a field we do not know, is an error
 * (silently ignoring it would give a result the steward did not ask for).
 */
export function planColumns(headers: readonly string[], map: string | undefined): ColumnPlan {
  const normalised = headers.map(normaliseHeader);
  const plan: ColumnPlan = normalised.map((header) => {
    for (const [target, names] of Object.entries(aliases) as [ColumnTarget, string[]][]) {
      if (names.includes(header)) return target;
    }
    return undefined;
  });
  const problems: { path: string; message: string }[] = [];
  for (const entry of (map ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [column = '', field = ''] = entry.split('=').map((part) => part.trim());
    const at = normalised.indexOf(normaliseHeader(column));
    if (at < 0) {
      problems.push({
        path: `--map ${entry}`,
        message: `the file has no column «${column}» (it has: ${headers.join(', ')})`,
      });
      continue;
    }
    if (field === '' || field === 'ignore') {
      plan[at] = undefined;
      continue;
    }
    const target = mapNames[field.toLowerCase()];
    if (!target) {
      problems.push({
        path: `--map ${entry}`,
        message: `unknown field «${field}»; known: ${mapFieldNames.join(', ')}, ignore`,
      });
      continue;
    }
    plan[at] = target;
  }
  // One column per field (but the address may be built of several); the first recognised wins.
  const seen = new Set<ColumnTarget>();
  plan.forEach((target, column) => {
    if (!target || target === 'address') return;
    if (seen.has(target)) plan[column] = undefined;
    seen.add(target);
  });
  if (problems.length > 0)
    throw new ValidationError(problems, 'The column mapping cannot be applied');
  const usable = plan.filter((target) => target && target !== 'id');
  if (usable.length === 0) {
    throw new ValidationError(
      [
        {
          path: 'header',
          message: `no column is a name, birth date, phone, e-mail, address or id; the header is: ${headers.join(', ')}`,
        },
      ],
      'Nothing in the file can be compared: name the columns with --map column=field,...',
    );
  }
  return plan;
}
