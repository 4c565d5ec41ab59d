"use client";

// Shows no error details: messages of server errors are replaced by Next in
// production, and nothing here should echo them anyway.
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="text-slate-700">
        The request could not be completed. Nothing was changed. Please try again.
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
