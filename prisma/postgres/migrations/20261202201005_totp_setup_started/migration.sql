-- AlterTable
ALTER TABLE "User" ADD COLUMN     "totpSetupStartedAt" TIMESTAMP(3);
