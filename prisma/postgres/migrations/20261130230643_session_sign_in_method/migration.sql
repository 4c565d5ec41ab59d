-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "signInMethod" TEXT NOT NULL DEFAULT 'password';
