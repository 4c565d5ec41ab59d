-- AlterTable
ALTER TABLE "User" ADD COLUMN "totpSetupStartedAt" DATETIME;
