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
    "signInMethod" TEXT NOT NULL DEFAULT 'password',
    "authTime" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "amr" TEXT NOT NULL DEFAULT '',
    "impersonatorId" TEXT,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Session_impersonatorId_fkey" FOREIGN KEY ("impersonatorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("amr", "authTime", "createdAt", "deviceLabel", "expires", "id", "ip", "lastActiveAt", "sessionToken", "signInMethod", "userAgent", "userId") SELECT "amr", "authTime", "createdAt", "deviceLabel", "expires", "id", "ip", "lastActiveAt", "sessionToken", "signInMethod", "userAgent", "userId" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE UNIQUE INDEX "Session_sessionToken_key" ON "Session"("sessionToken");
CREATE INDEX "Session_userId_lastActiveAt_idx" ON "Session"("userId", "lastActiveAt");
CREATE INDEX "Session_lastActiveAt_idx" ON "Session"("lastActiveAt");
CREATE INDEX "Session_expires_idx" ON "Session"("expires");
CREATE INDEX "Session_impersonatorId_idx" ON "Session"("impersonatorId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
