import { Problem } from "@/app/_components/problem";

export default function NotFound() {
  return (
    <Problem title="Page not found">
      <p>There is nothing at this address.</p>
    </Problem>
  );
}
