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
