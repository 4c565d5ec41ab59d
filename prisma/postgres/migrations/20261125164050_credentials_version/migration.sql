/*
  Warnings:

  - You are about to drop the column `failedLogins` on the `User` table. All the data in the column will be lost.

*/
-- DropIndex
DROP INDEX "RevokedSession_revokedAt_idx";

-- AlterTable
ALTER TABLE "User" DROP COLUMN "failedLogins",
ADD COLUMN     "credentialsVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "RevokedSession_revokedAt_sessionId_idx" ON "RevokedSession"("revokedAt", "sessionId");
