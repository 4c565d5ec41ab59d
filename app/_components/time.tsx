import { formatTime, timeAgo } from "@/lib/ui/format";

export function Time({ value, relative = false }: { value: Date; relative?: boolean }) {
  return (
    <time dateTime={value.toISOString()} title={formatTime(value)}>
      {relative ? timeAgo(value) : formatTime(value)}
    </time>
  );
}
