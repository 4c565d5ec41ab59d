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
