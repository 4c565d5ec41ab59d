import { SectionNav, WithSectionNav } from "@/app/_components/section-nav";
import { sessionIfReadable } from "@/lib/auth/current";
import { ADMIN_GROUP } from "@/lib/ui/navigation";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  // The pages refuse everyone else (403 or /login); their navigation is not shown to them either.
  const session = await sessionIfReadable();
  if (session?.user.role !== "admin") return children;
  return (
    <WithSectionNav nav={<SectionNav label="Admin" groups={[ADMIN_GROUP]} />}>{children}</WithSectionNav>
  );
}
