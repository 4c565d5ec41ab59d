-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "amr" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "authTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Existing sessions: authenticated when they were made; password ones with "pwd".
UPDATE "Session" SET "authTime" = "createdAt", "amr" = CASE "signInMethod" WHEN 'password' THEN 'pwd' ELSE '' END;
