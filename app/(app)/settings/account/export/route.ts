// "Download my data": the signed-in owner's data as a JSON attachment. The
// database session is checked here (the edge only let the request through), and
// an administrator signed in as the user is refused and audited like any
// owner-only change: looking at a page is not taking a copy of the account.

import { exportAccountData } from "@/lib/account/export";
import { ownerSession, SIGN_IN_FIRST } from "@/lib/actions/validated-action";
import { audit } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { unavailableHtml, withOutageAnswer } from "@/lib/http/unavailable";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

export const GET = withOutageAnswer(async () => {
  const context = await ownerSession();
  if ("error" in context) {
    // A relative location: the request's Host header never picks where a browser goes.
    if (context.error === SIGN_IN_FIRST)
      return new Response(null, { status: 303, headers: { location: "/login?next=/settings/account" } });
    return new Response(context.error, { status: 403, headers: NO_STORE });
  }
  const { session, client } = context;
  const data = await exportAccountData(session.user.id);
  if (!data) return new Response("That account no longer exists.", { status: 404, headers: NO_STORE });
  await audit(db, {
    action: "user.data_exported",
    actorUserId: session.user.id,
    targetUserId: session.user.id,
    client,
  });
  const day = data.exportedAt.toISOString().slice(0, 10);
  return new Response(`${JSON.stringify(data, null, 2)}\n`, {
    headers: {
      ...NO_STORE,
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="my-data-${day}.json"`,
    },
  });
}, unavailableHtml);
