-- CreateTable
CREATE TABLE "ConnectIntent" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "expires" DATETIME NOT NULL,
    CONSTRAINT "ConnectIntent_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ConnectIntent_expires_idx" ON "ConnectIntent"("expires");

-- CreateIndex
CREATE INDEX "ConnectIntent_sessionId_idx" ON "ConnectIntent"("sessionId");
