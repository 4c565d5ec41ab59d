"use client";

import { DATABASE_UNAVAILABLE_DIGEST } from "@/lib/ui/unavailable";

// Shows no error details: messages of server errors are replaced by Next in
// production, and nothing here should echo them anyway. An outage is told apart
// by its digest (kept in production), and says the user is still signed in: the
// header above shows the signed-out state only because the session could not be read.
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const outage = error.digest === DATABASE_UNAVAILABLE_DIGEST;
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-bold">
        {outage ? "The service is briefly unavailable" : "Something went wrong"}
      </h1>
      <p className="text-slate-700">
        {outage
          ? "We can't reach our database right now. You are still signed in and nothing was changed. Try again in a minute."
          : "The request could not be completed. Nothing was changed. Please try again."}
      </p>
      <button
        type="button"
        onClick={reset}
        className="rounded-md border border-slate-400 px-3 py-1 font-medium"
      >
        Try again
      </button>
    </div>
  );
}
