// Placeholder while the worker pool lands: true when the password-hashing queue is full.
export function hashingBusy(): boolean {
  return false;
}
