-- CreateTable
CREATE TABLE "ConnectIntent" (
    "tokenHash" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConnectIntent_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "ConnectIntent_expires_idx" ON "ConnectIntent"("expires");

-- CreateIndex
CREATE INDEX "ConnectIntent_sessionId_idx" ON "ConnectIntent"("sessionId");

-- AddForeignKey
ALTER TABLE "ConnectIntent" ADD CONSTRAINT "ConnectIntent_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
