-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionToken" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expires" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastActiveAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userAgent" TEXT,
    "ip" TEXT,
    "deviceLabel" TEXT,
    "authTime" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "amr" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("createdAt", "deviceLabel", "expires", "id", "ip", "lastActiveAt", "sessionToken", "userAgent", "userId") SELECT "createdAt", "deviceLabel", "expires", "id", "ip", "lastActiveAt", "sessionToken", "userAgent", "userId" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE UNIQUE INDEX "Session_sessionToken_key" ON "Session"("sessionToken");
CREATE INDEX "Session_userId_lastActiveAt_idx" ON "Session"("userId", "lastActiveAt");
CREATE INDEX "Session_lastActiveAt_idx" ON "Session"("lastActiveAt");
CREATE INDEX "Session_expires_idx" ON "Session"("expires");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
