import { describe, expect, it } from 'vitest';
import { roleKeys } from '../../auth/roles.ts';
import * as activities from '../../modules/activities/schema.ts';
import { fitFailures } from '../../modules/analytics/best-customers/fit-failures.ts';
import { modelDataProblems } from '../../modules/analytics/models/model-errors.ts';
import * as customers from '../../modules/customers/vocabulary.ts';
import { payers, visitTypes } from '../../modules/service/schema.ts';
import { en, type Messages } from './en.ts';
import { ru } from './ru.ts';
import { zh } from './zh.ts';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
  );
}

const variables = (text: string) =>
  [...text.matchAll(/{{(\w+)}}/g)].map((match) => match[1]).sort();

/** Every server value the UI shows, with the resource section that names it. */
const vocabularies: [keyof Messages, readonly string[]][] = [
  ['roles', roleKeys],
  ['kind', customers.customerKinds],
  ['stage', customers.lifecycleStages],
  ['gender', customers.genders],
  ['education', customers.educationLevels],
  ['incomeBand', customers.incomeBands],
  ['maritalStatus', customers.maritalStatuses],
  ['householdRole', customers.householdRoles],
  ['category', customers.customerCategories],
  ['language', customers.languages],
  ['contactChannel', customers.contactChannels],
  ['phoneKind', customers.phoneKinds],
  ['emailKind', customers.emailKinds],
  ['messengerKind', customers.messengerKinds],
  ['addressKind', customers.addressKinds],
  ['familyRelation', customers.familyRelations],
  ['dealerRelation', customers.dealerRelations],
  ['consentStatus', customers.consentStatuses],
  ['consentPurpose', customers.consentPurposes],
  ['consentMethod', customers.consentMethods],
  ['verificationMethod', customers.verificationMethods],
  ['activityChannel', activities.activityChannels],
  ['direction', activities.directions],
  ['outcome', activities.outcomes],
  ['taskKind', activities.taskKinds],
  ['taskStatus', activities.taskStatuses],
  ['priority', activities.priorities],
  ['visitType', visitTypes],
  ['payer', payers],
];

describe('interface texts', () => {
  it.each(vocabularies)('name every value of the %s vocabulary', (section, values) => {
    for (const resources of [en, ru, zh]) {
      const names = resources[section] as Record<string, string>;
      expect(values.filter((value) => !names[value])).toEqual([]);
    }
  });

  it('words every reason a model cannot be fitted, shown in the model histories', () => {
    for (const resources of [en, ru, zh]) {
      for (const names of [
        resources.analytics.retention.modelProblem,
        resources.bestCustomers.problem,
      ] as Record<string, string>[]) {
        expect(modelDataProblems.filter((problem) => !names[problem])).toEqual([]);
      }
      // a best-customer fit's own reasons: its process ended, or an error stopped it
      const fitNames = resources.bestCustomers.problem as Record<string, string>;
      expect(fitFailures.filter((failure) => !fitNames[failure])).toEqual([]);
    }
  });

  it.each([
    ['ru', ru],
    ['zh', zh],
  ] as const)(
    '%s has every English text, none empty, with the same placeholders',
    (_, resources) => {
      const reference = new Map(leaves(en));
      const translated = new Map(leaves(resources));
      expect([...translated.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const [key, text] of translated) {
        expect(text.trim(), key).not.toBe('');
        expect(variables(text), key).toEqual(variables(reference.get(key) ?? ''));
      }
    },
  );
});
