"use server";

import { z } from "zod";
import { ownerAction, type SessionContext, sensitiveAction } from "@/lib/actions/validated-action";
import { DEVICE_CODE_PROBLEMS, decideDeviceRequest } from "@/lib/api/device-grant";

const codeForm = z.object({ code: z.string().trim().min(1, "Enter the code shown on your device.").max(20) });

/** Who decides, and how they proved it: what the new session will carry. */
const approver = ({ session, client }: SessionContext) => ({
  userId: session.user.id,
  sessionId: session.sessionId,
  authTime: session.authTime,
  amr: session.amr,
  client,
});

/** Signing a device in gives it the account: like ending sessions, it needs a recent sign-in. */
export const approveDeviceAction = sensitiveAction(codeForm, async ({ code }, context) => {
  const done = await decideDeviceRequest(code, "approve", approver(context));
  return done.ok
    ? { success: "Approved. Go back to your device: it signs in within a few seconds." }
    : { error: DEVICE_CODE_PROBLEMS[done.problem] };
});

export const denyDeviceAction = ownerAction(codeForm, async ({ code }, context) => {
  const done = await decideDeviceRequest(code, "deny", approver(context));
  return done.ok
    ? { success: "Denied. The device was not signed in." }
    : { error: DEVICE_CODE_PROBLEMS[done.problem] };
});
