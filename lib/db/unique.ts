/** Prisma's code for a write that broke a unique constraint (both databases). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === "P2002";
}
