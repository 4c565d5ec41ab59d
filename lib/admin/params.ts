// The admin pages' query string, validated: anything malformed is simply ignored.
import { z } from "zod";
import { AUDIT_ACTIONS } from "@/lib/audit";
import { decodeCursor, type PageRequest } from "./cursor";
import { MAIL_STATUSES } from "./queries";

type Raw = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

const filterText = z.string().trim().toLowerCase().max(254).optional().catch(undefined);

export function pageParams(raw: Raw): PageRequest {
  const before = decodeCursor(one(raw.before));
  return before ? { before } : { after: decodeCursor(one(raw.after)) };
}

export function emailFilter(raw: Raw): string | undefined {
  return filterText.parse(one(raw.email)) || undefined;
}

export function actionFilter(raw: Raw): (typeof AUDIT_ACTIONS)[number] | undefined {
  return z.enum(AUDIT_ACTIONS).optional().catch(undefined).parse(one(raw.action));
}

export function mailStatusFilter(raw: Raw): (typeof MAIL_STATUSES)[number] | undefined {
  return z.enum(MAIL_STATUSES).optional().catch(undefined).parse(one(raw.status));
}
