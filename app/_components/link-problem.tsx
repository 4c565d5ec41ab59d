import Link from "next/link";

/** A mail link that does not work: why, and where to get a new one. */
export function LinkProblem({
  title,
  text,
  retry,
}: {
  title: string;
  text: string;
  retry?: React.ReactNode;
}) {
  return (
    <div className="mx-auto max-w-sm space-y-4">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
        {text}
      </p>
      {retry ?? (
        <Link className="font-medium text-blue-800 underline" href="/login">
          Sign in
        </Link>
      )}
    </div>
  );
}
