import { describe, expect, it } from "vitest";
import { sessionClaimsOf } from "@/lib/edge/token";
import type { ActiveSession } from "@/lib/sessions/store";
import { edgeClaimsOf } from "./current";

const authTime = new Date("2026-01-02T03:04:05Z");
const row: ActiveSession = {
  id: "s-1",
  userId: "u-1",
  expires: new Date("2026-02-01T00:00:00Z"),
  createdAt: authTime,
  lastActiveAt: authTime,
  authTime,
  amr: ["pwd", "otp"],
  boundAt: null,
  user: { id: "u-1", email: "u@example.test", name: null, role: "user", emailVerified: null, image: null },
  impersonator: { id: "admin-1", email: "admin@example.test" },
};

describe("the edge token's claims", () => {
  it("name the session, its user, how they proved it and the administrator acting as them", () => {
    expect(sessionClaimsOf(row)).toEqual({
      sub: "u-1",
      sid: "s-1",
      role: "user",
      authTime,
      amr: ["pwd", "otp"],
      impersonatorId: "admin-1",
    });
  });

  it("are the same for the request's session as for its row", () => {
    const current = {
      sessionId: row.id,
      authTime,
      amr: row.amr,
      bound: false,
      user: row.user,
      impersonator: row.impersonator,
    };
    expect(edgeClaimsOf(current)).toEqual(sessionClaimsOf(row));
  });
});
