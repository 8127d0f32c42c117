import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type {
  LeadCaptureInput,
  LeadInterestType,
  LeadTradeIn,
  LeadVehicleInterest,
} from '../leads/capture.types.ts';
import { splitFullName } from '../quality/index.ts';

/**
 * ADF 1.0 (Auto-lead Data Format) into lead captures. The parser is pure: it knows nothing of
 * dealers or the database; the vendor block is handed back for the caller to resolve.
 */
export type AdfVendor = { name?: string; ids: { source?: string; value: string }[] };

export type AdfProspect = {
  /** 1-based position of the prospect in the document, for error messages */
  index: number;
  input: LeadCaptureInput;
  vendor: AdfVendor;
};

export type AdfProblem = { prospect: number | null; message: string };

export type AdfParseResult =
  { ok: true; prospects: AdfProspect[] } | { ok: false; problems: AdfProblem[] };

export type AdfOptions = {
  /** lead source key for every prospect (the channel that delivered the document) */
  source: string;
};

type Node = Record<string, unknown>;

const repeated = new Set([
  'prospect',
  'vehicle',
  'name',
  'phone',
  'email',
  'id',
  'comments',
  'contact',
  'street',
  'colorcombination',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Phone numbers and postcodes must stay text ("007..." is not a number).
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => repeated.has(name.toLowerCase()),
  transformTagName: (name) => name.toLowerCase(),
  transformAttributeName: (name) => name.toLowerCase(),
  processEntities: true,
});

/**
 * Senders put `<?ADF VERSION "1.0"?>` before or after the XML declaration; it is not
 * well-formed XML (no `=`), so every processing instruction other than `<?xml ...?>` goes.
 */
function dropForeignInstructions(xml: string): string {
  return xml.replace(/^\uFEFF/, '').replace(/<\?(?!xml[\s?])[\s\S]*?\?>/gi, '');
}

function asNodes(value: unknown): Node[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) =>
    typeof item === 'object' && item !== null ? (item as Node) : { '#text': item },
  );
}

function first(node: Node | undefined, key: string): Node | undefined {
  return node ? asNodes(node[key])[0] : undefined;
}

function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') {
    if (Array.isArray(value)) return textOf(value[0]);
    return textOf((value as Node)['#text']);
  }
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function childText(node: Node | undefined, key: string): string | undefined {
  return node ? textOf(node[key]) : undefined;
}

function attr(node: Node | undefined, name: string): string | undefined {
  return node ? textOf(node[`@${name}`]) : undefined;
}

function yearOf(text: string | undefined): number | undefined {
  if (!text || !/^\d{4}$/.test(text)) return undefined;
  return Number(text);
}

function isoDateOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : new Date(time).toISOString().slice(0, 10);
}

function isoDateTimeOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

const interests: readonly LeadInterestType[] = ['buy', 'lease', 'trade-in', 'test-drive'];

function interestOf(vehicle: Node): LeadInterestType | undefined {
  const value = attr(vehicle, 'interest')?.toLowerCase().replace(/[\s_]/g, '-');
  return interests.find((interest) => interest === value);
}

function colourOf(vehicle: Node): string | undefined {
  const combos = asNodes(vehicle.colorcombination);
  const preferred = combos.find((combo) => childText(combo, 'preference') === '1') ?? combos[0];
  return (
    childText(preferred, 'exteriorcolor') ??
    childText(vehicle, 'color') ??
    childText(vehicle, 'colour')
  );
}

function mileageKm(vehicle: Node): number | undefined {
  const odometer = first(vehicle, 'odometer');
  const value = Number(textOf(odometer)?.replace(/[\s,]/g, ''));
  if (!Number.isFinite(value) || value < 0) return undefined;
  const units = attr(odometer, 'units')?.toLowerCase();
  return Math.round(units === 'mi' || units === 'miles' ? value * 1.609344 : value);
}

function vehicleInterest(vehicle: Node): LeadVehicleInterest {
  const status = attr(vehicle, 'status')?.toLowerCase();
  return prune({
    make: childText(vehicle, 'make'),
    model: childText(vehicle, 'model'),
    year: yearOf(childText(vehicle, 'year')),
    trim: childText(vehicle, 'trim'),
    colour: colourOf(vehicle),
    condition: status === 'new' || status === 'used' ? status : undefined,
  });
}

function tradeInOf(vehicle: Node): LeadTradeIn {
  return prune({
    vin: childText(vehicle, 'vin')?.toUpperCase(),
    make: childText(vehicle, 'make'),
    model: childText(vehicle, 'model'),
    year: yearOf(childText(vehicle, 'year')),
    mileageKm: mileageKm(vehicle),
    comment: childText(vehicle, 'comments'),
  });
}

/** Drops undefined members so that results compare and serialise cleanly. */
function prune<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, member]) => member !== undefined),
  ) as T;
}

type Names = { firstName?: string; middleName?: string; lastName?: string };

function namesOf(contact: Node | undefined): Names {
  const names: Names = {};
  for (const name of asNodes(contact?.name)) {
    const text = textOf(name);
    if (!text) continue;
    const part = attr(name, 'part')?.toLowerCase() ?? 'full';
    if (part === 'first') names.firstName = text;
    else if (part === 'middle') names.middleName = text;
    else if (part === 'last') names.lastName = text;
    else if (part === 'full' && !names.firstName && !names.lastName) {
      // Latin full names come given-name first ("John Doe"), Russian ones surname first
      Object.assign(names, splitFullName(text));
    }
  }
  return names;
}

const phoneKinds: Record<string, string> = {
  cellphone: 'mobile',
  mobile: 'mobile',
  cell: 'mobile',
  home: 'home',
  work: 'work',
  voice: 'other',
  fax: 'other',
  pager: 'other',
};

function vendorOf(prospect: Node): AdfVendor {
  const vendor = first(prospect, 'vendor');
  const ids = asNodes(vendor?.id).flatMap((id) => {
    const value = textOf(id);
    return value ? [prune({ source: attr(id, 'source'), value })] : [];
  });
  const name = childText(vendor, 'vendorname') ?? textOf(first(first(vendor, 'contact'), 'name'));
  return prune({ name, ids });
}

function prospectToInput(
  prospect: Node,
  index: number,
  options: AdfOptions,
): AdfProspect | AdfProblem {
  const customer = first(prospect, 'customer');
  const contact = first(customer, 'contact');
  const phones = asNodes(contact?.phone).flatMap((phone) => {
    const number = textOf(phone);
    if (!number) return [];
    const kind = phoneKinds[attr(phone, 'type')?.toLowerCase() ?? ''];
    return [kind ? { number, kind } : { number }];
  });
  const emails = asNodes(contact?.email).flatMap((email) => {
    const address = textOf(email);
    return address ? [{ address }] : [];
  });
  if (phones.length === 0 && emails.length === 0) {
    return { prospect: index, message: 'the customer has neither a phone nor an e-mail' };
  }
  const address = first(contact, 'address') ?? first(customer, 'address');
  const vehicles = asNodes(prospect.vehicle);
  const wanted = vehicles.filter((vehicle) => {
    const interest = interestOf(vehicle);
    return interest !== undefined && interest !== 'trade-in';
  });
  // A used car without a stated interest next to a car the person wants is the one he trades in.
  const tradeIn =
    vehicles.find((vehicle) => interestOf(vehicle) === 'trade-in') ??
    (wanted.length > 0
      ? vehicles.find(
          (vehicle) =>
            interestOf(vehicle) === undefined && attr(vehicle, 'status')?.toLowerCase() === 'used',
        )
      : undefined);
  const ofInterest = vehicles.filter((vehicle) => vehicle !== tradeIn);
  const interestType =
    ofInterest.map(interestOf).find((interest) => interest !== undefined) ??
    (tradeIn ? 'trade-in' : ofInterest.length > 0 ? 'buy' : undefined);
  const timeframe = first(customer, 'timeframe');
  const provider = first(prospect, 'provider');
  const providerName =
    textOf(first(provider, 'name')) ?? textOf(first(first(provider, 'contact'), 'name'));
  const service = childText(provider, 'service');
  const comments = [
    ...asNodes(customer?.comments).map(textOf),
    ...ofInterest.flatMap((vehicle) => asNodes(vehicle.comments).map(textOf)),
  ].filter((text): text is string => Boolean(text));
  const prospectId = textOf(first(prospect, 'id'));
  const idSource = attr(first(prospect, 'id'), 'source');
  const input: LeadCaptureInput = prune({
    source: options.source,
    campaign: service ?? providerName,
    utm: providerName || service ? prune({ source: providerName, campaign: service }) : undefined,
    person: prune({
      kind: 'person' as const,
      ...namesOf(contact),
      phones,
      emails,
      city: childText(address, 'city'),
      postcode: childText(address, 'postalcode'),
    }),
    interestType,
    vehicles: ofInterest.length > 0 ? ofInterest.map(vehicleInterest) : undefined,
    tradeIn: tradeIn ? tradeInOf(tradeIn) : undefined,
    intendedPurchaseDate:
      isoDateOf(childText(timeframe, 'latestdate')) ??
      isoDateOf(childText(timeframe, 'earliestdate')),
    timeframe: childText(timeframe, 'description'),
    comment: comments.length > 0 ? comments.join('\n') : undefined,
    requestedAt: isoDateTimeOf(childText(prospect, 'requestdate')),
    externalRef: prospectId ? (idSource ? `${idSource}:${prospectId}` : prospectId) : undefined,
  });
  return { index, input, vendor: vendorOf(prospect) };
}

/**
 * Every prospect of a document, each parsed or with its problem; only a document that is not
 * ADF at all (malformed XML, no prospects) fails as a whole.
 */
export function readAdfProspects(
  xml: string,
  options: AdfOptions,
): { ok: true; results: (AdfProspect | AdfProblem)[] } | { ok: false; problem: AdfProblem } {
  const cleaned = dropForeignInstructions(xml);
  const valid = XMLValidator.validate(cleaned);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    return {
      ok: false,
      problem: { prospect: null, message: `malformed XML at line ${line}, column ${col}: ${msg}` },
    };
  }
  const document = parser.parse(cleaned) as Node;
  const adf = first(document, 'adf');
  if (!adf) return { ok: false, problem: { prospect: null, message: 'no <adf> root element' } };
  const prospects = asNodes(adf.prospect);
  if (prospects.length === 0) {
    return { ok: false, problem: { prospect: null, message: 'the document has no <prospect>' } };
  }
  return {
    ok: true,
    results: prospects.map((prospect, i) => prospectToInput(prospect, i + 1, options)),
  };
}

export function isAdfProblem(result: AdfProspect | AdfProblem): result is AdfProblem {
  return 'message' in result;
}

/** Parses a whole ADF document; any problem rejects the document (it is stored all or nothing). */
export function parseAdf(xml: string, options: AdfOptions): AdfParseResult {
  const read = readAdfProspects(xml, options);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  const problems = read.results.filter(isAdfProblem);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, prospects: read.results as AdfProspect[] };
}

export function describeAdfProblems(problems: AdfProblem[]): string {
  return problems
    .map((problem) =>
      problem.prospect === null
        ? problem.message
        : `prospect ${problem.prospect}: ${problem.message}`,
    )
    .join('; ');
}
