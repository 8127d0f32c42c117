import { describe, expect, it } from 'vitest';
import { demoPassword, demoUsers, type DemoUser } from '../../src/demo/demo-org.ts';
import { demoLogins, findDemoLogin } from './demo-logins.ts';

describe('the browser stories’ demo logins', () => {
  it('are demo users as the demo defines them, with the demo’s password', () => {
    for (const login of Object.values(demoLogins)) {
      const user = demoUsers.find((candidate) => candidate.email === login.email);
      expect(user, login.email).toBeDefined();
      expect(login).toEqual({
        email: user!.email,
        password: demoPassword,
        name: user!.name,
        role: user!.role,
      });
    }
  });

  it('tells a dealer’s CRM manager from the group’s', () => {
    const dealer = findDemoLogin({ role: 'crm_manager', dealer: 'MSK01' });
    const group = findDemoLogin({ role: 'crm_manager' });
    expect(demoUsers.find((user) => user.email === dealer.email)?.dealer).toBe('MSK01');
    expect(demoUsers.find((user) => user.email === group.email)?.dealer).toBeUndefined();
  });

  it('picks among a dealer’s consultants only when told which, in the demo’s order', () => {
    const consultants = demoUsers.filter(
      (user) => user.role === 'sales_consultant' && user.dealer === 'MSK01',
    );
    expect(consultants.length).toBeGreaterThan(1);
    expect(() => findDemoLogin({ role: 'sales_consultant', dealer: 'MSK01' })).toThrow(
      /demo users fit .*nth/,
    );
    expect(findDemoLogin({ role: 'sales_consultant', dealer: 'MSK01', nth: 2 }).email).toBe(
      consultants[1]!.email,
    );
    expect(() =>
      findDemoLogin({ role: 'sales_consultant', dealer: 'MSK01', nth: consultants.length + 1 }),
    ).toThrow(/No demo user fits/);
  });

  it('fails loudly for a user the demo does not have', () => {
    expect(() => findDemoLogin({ role: 'crm_manager', dealer: 'XXX99' })).toThrow(
      /No demo user fits .*XXX99/,
    );
    // a parts retailer has no sales consultants
    expect(() => findDemoLogin({ role: 'sales_consultant', dealer: 'SHA02' })).toThrow(
      /No demo user fits/,
    );
  });

  it('follows the demo when its users change', () => {
    const renamed: DemoUser[] = [
      { email: 'boss@example.test', name: 'Boss', role: 'group_admin', locale: 'en' },
    ];
    expect(findDemoLogin({ role: 'group_admin' }, renamed).email).toBe('boss@example.test');
  });
});
