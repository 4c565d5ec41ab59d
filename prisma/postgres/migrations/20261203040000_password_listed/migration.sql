-- AlterTable
ALTER TABLE "User" ADD COLUMN     "passwordListedAt" TIMESTAMP(3);
