// Sign-in limits through the balancer count across instances: the counts are
// rows in the shared database (lib/security/limiter.ts), and the client address
// is the one HAProxy appends to X-Forwarded-For (TRUSTED_IP_HEADER uses the
// rightmost entry), not the balancer's own and not one the client claims. Each
// test is a client at an address of its own in 127.0.0.0/8.
import { E2E_ENV } from "../env";
import { createFixtureAccount, expect, newCredentials, test } from "../fixtures";
import { INSTANCE_NAMES } from "./haproxy";
import { DIRECT, loginFormFields, servedBy, signIn } from "./instances";

const REFUSED = "Too many failed sign-in attempts";

test("an account's lockout is reached with failures spread over all three instances, and holds on each", async () => {
  const user = newCredentials();
  await createFixtureAccount(user);
  const fields = await loginFormFields();
  const from = "127.0.0.21";
  const served: string[] = [];
  for (let i = 0; i < Number(E2E_ENV.LOGIN_MAX_FAILURES); i++) {
    const attempt = await signIn(fields, user.email, `wrong-${i}`, { from });
    expect(attempt.ok).toBe(false);
    served.push(servedBy(attempt));
  }
  expect([...new Set(served)].sort(), served.join()).toEqual([...INSTANCE_NAMES]);

  // The right password now, from another address, through the balancer and at each instance.
  const after = await signIn(fields, user.email, user.password, { from: "127.0.0.22" });
  expect(after.ok).toBe(false);
  expect(after.body).toContain(REFUSED);
  for (const origin of DIRECT) {
    const direct = await signIn(fields, user.email, user.password, { origin });
    expect(direct.ok, origin).toBe(false);
    expect(direct.body, origin).toContain(REFUSED);
  }
});

test("an address's limit is reached with failures spread over all three instances; the balancer's address is not the client's, nor is a claimed one", async () => {
  const user = newCredentials();
  await createFixtureAccount(user);
  const fields = await loginFormFields();
  const limit = Number(process.env.LOGIN_MAX_FAILURES_PER_IP);
  expect(limit).toBeLessThan(Number(E2E_ENV.LOGIN_MAX_FAILURES) * 3);
  const from = "127.0.0.31";
  const served: string[] = [];
  // Each failure on an account of its own: no account's limit is reached, only the address's.
  for (let i = 0; i < limit; i++) {
    const attempt = await signIn(fields, `nobody-${i}-${user.email}`, "wrong-password", { from });
    expect(attempt.ok).toBe(false);
    expect(attempt.body).not.toContain(REFUSED);
    served.push(servedBy(attempt));
  }
  expect([...new Set(served)].sort(), served.join()).toEqual([...INSTANCE_NAMES]);

  // The right password from that address is refused, on whichever instance it lands...
  for (const _ of INSTANCE_NAMES) {
    const refused = await signIn(fields, user.email, user.password, { from });
    expect(refused.ok).toBe(false);
    expect(refused.body).toContain(REFUSED);
  }
  // ...also when the client claims another address: the balancer's entry is the last one.
  const claimed = await signIn(fields, user.email, user.password, {
    from,
    headers: { "x-forwarded-for": "127.0.0.32" },
  });
  expect(claimed.ok).toBe(false);
  expect(claimed.body).toContain(REFUSED);
  // Another client, through the same balancer, signs in: the block is the address's, not the balancer's.
  expect((await signIn(fields, user.email, user.password, { from: "127.0.0.32" })).ok).toBe(true);
});
