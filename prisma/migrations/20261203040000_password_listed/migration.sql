-- AlterTable
ALTER TABLE "User" ADD COLUMN "passwordListedAt" DATETIME;
