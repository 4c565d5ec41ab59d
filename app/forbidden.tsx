import { Problem } from "@/app/_components/problem";

export default function Forbidden() {
  return (
    <Problem title="You do not have access to this page">
      <p>This page is for administrators. If you think you should have access, ask an administrator.</p>
    </Problem>
  );
}
