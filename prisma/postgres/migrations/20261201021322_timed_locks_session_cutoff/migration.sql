-- AlterTable
ALTER TABLE "User" ADD COLUMN     "lockedById" TEXT,
ADD COLUMN     "lockedUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SessionCutoff" (
    "id" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "keepSessionId" TEXT,
    "actorUserId" TEXT,

    CONSTRAINT "SessionCutoff_pkey" PRIMARY KEY ("id")
);

-- Locks made before reasons were asked for stored only "admin" here: no reason was given.
UPDATE "User" SET "lockedReason" = NULL WHERE "lockedReason" = 'admin';
