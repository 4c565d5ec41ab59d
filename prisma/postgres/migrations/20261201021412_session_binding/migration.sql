-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "boundAt" TIMESTAMP(3),
ADD COLUMN     "boundKey" TEXT;

-- CreateTable
CREATE TABLE "BindingChallenge" (
    "challengeHash" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BindingChallenge_pkey" PRIMARY KEY ("challengeHash")
);

-- CreateIndex
CREATE INDEX "BindingChallenge_expires_idx" ON "BindingChallenge"("expires");

-- CreateIndex
CREATE INDEX "BindingChallenge_sessionId_idx" ON "BindingChallenge"("sessionId");

-- AddForeignKey
ALTER TABLE "BindingChallenge" ADD CONSTRAINT "BindingChallenge_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
