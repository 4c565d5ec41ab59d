-- AlterTable
ALTER TABLE "Session" ADD COLUMN "boundAt" DATETIME;
ALTER TABLE "Session" ADD COLUMN "boundKey" TEXT;

-- CreateTable
CREATE TABLE "BindingChallenge" (
    "challengeHash" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "expires" DATETIME NOT NULL,
    CONSTRAINT "BindingChallenge_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "BindingChallenge_expires_idx" ON "BindingChallenge"("expires");

-- CreateIndex
CREATE INDEX "BindingChallenge_sessionId_idx" ON "BindingChallenge"("sessionId");
