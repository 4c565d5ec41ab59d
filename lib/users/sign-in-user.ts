// What every way in (password, second factor, passkey) reads of the account
// before it becomes a session: who it is, whether it is locked right now, and
// the credentials version the proof was checked against (openSession refuses
// the sign-in if that moved). One list, so a new lock or credential column is
// read by every way in, not by some.
import type { LockState } from "./lock";

export const SIGN_IN_USER = {
  id: true,
  email: true,
  name: true,
  role: true,
  credentialsVersion: true,
  lockedAt: true,
  lockedUntil: true,
} as const;

export type SignInUser = LockState & {
  id: string;
  email: string;
  name: string | null;
  role: string;
  credentialsVersion: number;
};
