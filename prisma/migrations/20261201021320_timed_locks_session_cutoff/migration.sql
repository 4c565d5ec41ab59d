-- AlterTable
ALTER TABLE "User" ADD COLUMN "lockedById" TEXT;
ALTER TABLE "User" ADD COLUMN "lockedUntil" DATETIME;

-- CreateTable
CREATE TABLE "SessionCutoff" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "notBefore" DATETIME NOT NULL,
    "keepSessionId" TEXT,
    "actorUserId" TEXT
);

-- Locks made before reasons were asked for stored only "admin" here: no reason was given.
UPDATE "User" SET "lockedReason" = NULL WHERE "lockedReason" = 'admin';
