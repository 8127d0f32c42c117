// After `npm start`: sign in with a demo login and read customers, as a first user would.
const base = process.argv[2];
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'msk01.sales1@demo.autocrm', password: 'demo-password' }),
});
if (login.status !== 200)
  throw new Error(`demo login failed: ${login.status} ${await login.text()}`);
const cookie = login.headers.get('set-cookie').split(';')[0];
const list = await fetch(`${base}/api/customers?limit=5`, { headers: { cookie } });
const body = await list.json();
if (list.status !== 200 || body.total < 1)
  throw new Error(`no demo customers: ${JSON.stringify(body)}`);
const first = await fetch(`${base}/api/customers/${body.items[0].id}`, { headers: { cookie } });
if (first.status !== 200) throw new Error(`360 view failed: ${first.status}`);
console.log(
  `smoke: signed in as a consultant, ${body.total} customers in his scope, 360 view of ${body.items[0].displayName}`,
);
