import { demoLogins } from './demo-logins.ts';

/** A user's e-mail and password, as the login form and the login endpoint take them. */
export type Login = { email: string; password: string };

/** A signed-in API client for test setup, the way any integration would call the API. */
export type ApiSession = {
  call: <T>(method: string, path: string, body?: unknown) => Promise<T>;
};

export async function apiLogin(baseUrl: string, { email, password }: Login): Promise<ApiSession> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login ${email}: ${response.status} ${await response.text()}`);
  const me = (await response.json()) as { csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    call: async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const headers: Record<string, string> = { cookie, 'x-csrf-token': me.csrfToken };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const answer = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await answer.text();
      if (!answer.ok) throw new Error(`${method} ${path}: ${answer.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

/**
 * Quiet hours would hold e-mail until morning when a story runs at night in Moscow: the group's
 * e-mail quiet hours are switched off (by the administrator) for the story. Returns what puts
 * them back, for the story's afterAll.
 */
export async function emailQuietHoursOff(baseUrl: string): Promise<() => Promise<void>> {
  const admin = await apiLogin(baseUrl, demoLogins.admin);
  const rules = await admin.call<{ items: Record<string, unknown>[] }>(
    'GET',
    '/api/marketing/contact-rules',
  );
  const emailRule = rules.items.find((rule) => rule.channel === 'email');
  if (!emailRule) return async () => undefined;
  await admin.call('PUT', '/api/marketing/contact-rules', {
    ...emailRule,
    quietStart: 0,
    quietEnd: 0,
  });
  return async () => {
    await admin.call('PUT', '/api/marketing/contact-rules', emailRule);
  };
}
