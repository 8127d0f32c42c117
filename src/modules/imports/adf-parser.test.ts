import { describe, expect, it } from 'vitest';
import { parseAdf } from './adf-parser.ts';

const options = { source: 'website' };

// The example of the ADF 1.0 specification, with its non-XML version instruction.
const specExample = `<?xml version="1.0"?>
<?ADF VERSION "1.0"?>
<adf>
  <prospect>
    <requestdate>2000-03-30T15:30:20-08:00</requestdate>
    <vehicle>
      <year>1999</year>
      <make>Chevrolet</make>
      <model>Blazer</model>
    </vehicle>
    <customer>
      <contact>
        <name part="full">John Doe</name>
        <phone>393-999-3922</phone>
      </contact>
    </customer>
    <vendor>
      <contact>
        <name part="full">Acura of Bellevue</name>
      </contact>
    </vendor>
  </prospect>
</adf>`;

describe('reading ADF 1.0 leads', () => {
  it('reads the example of the specification', () => {
    const result = parseAdf(specExample, options);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.prospects).toHaveLength(1);
    const [prospect] = result.prospects;
    expect(prospect!.input).toEqual({
      source: 'website',
      person: {
        kind: 'person',
        firstName: 'John',
        lastName: 'Doe',
        phones: [{ number: '393-999-3922' }],
        emails: [],
      },
      interestType: 'buy',
      vehicles: [{ make: 'Chevrolet', model: 'Blazer', year: 1999 }],
      requestedAt: '2000-03-30T23:30:20.000Z',
    });
    expect(prospect!.vendor).toEqual({ name: 'Acura of Bellevue', ids: [] });
  });

  it('reads every prospect of a document with names by part, timeframe, address and provider', () => {
    const xml = `<?ADF VERSION "1.0"?><?xml version="1.0" encoding="UTF-8"?>
<adf>
  <prospect status="new">
    <id sequence="1" source="autoportal">AP-1001</id>
    <requestdate>2026-11-20T10:00:00+03:00</requestdate>
    <vehicle interest="test-drive" status="new">
      <year>2027</year><make>Xcar</make><model>X5</model><trim>Sport</trim>
      <colorcombination><exteriorcolor>Silver</exteriorcolor><preference>1</preference></colorcombination>
      <comments>Weekend please</comments>
    </vehicle>
    <customer>
      <contact primarycontact="1">
        <name part="first">Иван</name>
        <name part="middle">Сергеевич</name>
        <name part="last">Петров</name>
        <email preferredcontact="1">ivan@example.ru</email>
        <phone type="cellphone" time="evening">+7 916 555-11-22</phone>
        <address><street line="1">Тверская 1</street><city>Москва</city><postalcode>125009</postalcode></address>
      </contact>
      <timeframe><description>within a month</description><earliestdate>2026-12-01</earliestdate><latestdate>2026-12-20</latestdate></timeframe>
      <comments>Call after 18:00</comments>
    </customer>
    <vendor><id source="autocrm">MSK01</id><vendorname>Xcar Moscow</vendorname></vendor>
    <provider><name part="full">AutoPortal</name><service>Spring sale</service></provider>
  </prospect>
  <prospect>
    <vehicle interest="lease"><make>Ycar</make><model>Y3</model></vehicle>
    <customer><contact><email>li@example.cn</email></contact></customer>
  </prospect>
</adf>`;
    const result = parseAdf(xml, options);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.prospects).toHaveLength(2);
    expect(result.prospects[0]!.input).toEqual({
      source: 'website',
      campaign: 'Spring sale',
      utm: { source: 'AutoPortal', campaign: 'Spring sale' },
      person: {
        kind: 'person',
        firstName: 'Иван',
        middleName: 'Сергеевич',
        lastName: 'Петров',
        phones: [{ number: '+7 916 555-11-22', kind: 'mobile' }],
        emails: [{ address: 'ivan@example.ru' }],
        city: 'Москва',
        postcode: '125009',
      },
      interestType: 'test-drive',
      vehicles: [
        {
          make: 'Xcar',
          model: 'X5',
          year: 2027,
          trim: 'Sport',
          colour: 'Silver',
          condition: 'new',
        },
      ],
      intendedPurchaseDate: '2026-12-20',
      timeframe: 'within a month',
      comment: 'Call after 18:00\nWeekend please',
      requestedAt: '2026-11-20T07:00:00.000Z',
      externalRef: 'autoportal:AP-1001',
    });
    expect(result.prospects[0]!.vendor).toEqual({
      name: 'Xcar Moscow',
      ids: [{ source: 'autocrm', value: 'MSK01' }],
    });
    expect(result.prospects[1]!.index).toBe(2);
    expect(result.prospects[1]!.input).toMatchObject({
      interestType: 'lease',
      person: { emails: [{ address: 'li@example.cn' }], phones: [] },
    });
  });

  it('takes the vehicle of interest trade-in as the trade-in, mileage in kilometres', () => {
    const xml = `<adf><prospect>
      <vehicle interest="buy" status="new"><make>Xcar</make><model>X7</model></vehicle>
      <vehicle interest="trade-in" status="used">
        <year>2018</year><make>Toyota</make><model>Camry</model><vin>jtnb11hk5j3000001</vin>
        <odometer status="original" units="mi">10000</odometer>
      </vehicle>
      <customer><contact><name part="full">Anna</name><phone>+79160000001</phone></contact></customer>
    </prospect></adf>`;
    const result = parseAdf(xml, options);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const input = result.prospects[0]!.input;
    expect(input.interestType).toBe('buy');
    expect(input.vehicles).toEqual([{ make: 'Xcar', model: 'X7', condition: 'new' }]);
    expect(input.tradeIn).toEqual({
      vin: 'JTNB11HK5J3000001',
      make: 'Toyota',
      model: 'Camry',
      year: 2018,
      mileageKm: 16093,
    });
    expect(input.person.lastName).toBe('Anna');
  });

  it('takes a used car without an interest next to a wanted car as the trade-in', () => {
    const xml = `<adf><prospect>
      <vehicle interest="buy"><make>Xcar</make><model>X3</model></vehicle>
      <vehicle status="used"><make>Lada</make><model>Vesta</model><year>2020</year></vehicle>
      <customer><contact><phone>+79160000002</phone></contact></customer>
    </prospect></adf>`;
    const result = parseAdf(xml, options);
    if (!result.ok) throw new Error('expected a parsed document');
    expect(result.prospects[0]!.input.tradeIn).toEqual({
      make: 'Lada',
      model: 'Vesta',
      year: 2020,
    });
    expect(result.prospects[0]!.input.vehicles).toEqual([{ make: 'Xcar', model: 'X3' }]);
  });

  it('accepts a prospect without names when a phone or e-mail is given', () => {
    const xml = `<adf><prospect><customer><contact><phone type="voice">84951234567</phone></contact></customer></prospect></adf>`;
    const result = parseAdf(xml, options);
    if (!result.ok) throw new Error('expected a parsed document');
    const person = result.prospects[0]!.input.person;
    expect(person).toEqual({
      kind: 'person',
      phones: [{ number: '84951234567', kind: 'other' }],
      emails: [],
    });
  });

  it('reads a full name the way its script writes it', () => {
    const names = (full: string) => {
      const xml = `<adf><prospect><customer><contact><name part="full">${full}</name><phone>+79160000003</phone></contact></customer></prospect></adf>`;
      const result = parseAdf(xml, options);
      if (!result.ok) throw new Error('expected a parsed document');
      const { firstName, middleName, lastName } = result.prospects[0]!.input.person;
      return { firstName, middleName, lastName };
    };
    expect(names('John Doe')).toEqual({ firstName: 'John', lastName: 'Doe' });
    expect(names('Иванов Иван Иванович')).toEqual({
      lastName: 'Иванов',
      firstName: 'Иван',
      middleName: 'Иванович',
    });
    expect(names('张伟')).toEqual({ lastName: '张', firstName: '伟' });
  });

  it('rejects the whole document when one prospect has no phone and no e-mail, naming it', () => {
    const xml = `<adf>
      <prospect><customer><contact><phone>+79160000003</phone></contact></customer></prospect>
      <prospect><customer><contact><name part="full">No Contact</name></contact></customer></prospect>
    </adf>`;
    expect(parseAdf(xml, options)).toEqual({
      ok: false,
      problems: [{ prospect: 2, message: 'the customer has neither a phone nor an e-mail' }],
    });
  });

  it('rejects malformed XML with the line of the fault', () => {
    const result = parseAdf('<adf>\n<prospect>\n<customer></prospect></adf>', options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]!.prospect).toBeNull();
    expect(result.problems[0]!.message).toMatch(/^malformed XML at line 3/);
  });

  it('rejects a document that is not ADF', () => {
    expect(parseAdf('<lead><name>x</name></lead>', options)).toEqual({
      ok: false,
      problems: [{ prospect: null, message: 'no <adf> root element' }],
    });
    expect(parseAdf('<adf></adf>', options)).toEqual({
      ok: false,
      problems: [{ prospect: null, message: 'the document has no <prospect>' }],
    });
  });
});
